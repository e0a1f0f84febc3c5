import { toText } from '@gateway-db/core/dialect/row-codec.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from './helpers/test-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const INSERT_CONFIG = 'INSERT INTO `system_config` (`key`, `value`, `updated_at`) VALUES (?, ?, ?)';

describe.each(testDialects())('transactions on %s', (dialect) => {
  let store: TestStore;
  const keys = async () =>
    (await store.executor.all('SELECT `key` FROM `system_config` ORDER BY `key`')).map((row) => String(row.key));

  beforeAll(async () => {
    store = await createTestStore(dialect, 'tx');
    await applyMigrations(store.executor);
  });
  beforeEach(() => store.executor.run('DELETE FROM `system_config`'));
  afterAll(() => store?.drop());

  it('commits what the callback wrote and returns its result', async () => {
    const result = await store.executor.transaction(async (tx) => {
      await tx.run(INSERT_CONFIG, ['a', '1', 1]);
      await tx.run(INSERT_CONFIG, ['b', '2', 1]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await keys()).toEqual(['a', 'b']);
  });

  it('rolls back everything when the callback throws, and rethrows the error', async () => {
    const failure = new Error('boom');
    await expect(
      store.executor.transaction(async (tx) => {
        await tx.run(INSERT_CONFIG, ['a', '1', 1]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await keys()).toEqual([]);
  });

  it('rolls back only a nested transaction that throws (savepoint)', async () => {
    await store.executor.transaction(async (tx) => {
      await tx.run(INSERT_CONFIG, ['outer', '1', 1]);
      await tx
        .transaction(async (inner) => {
          await inner.run(INSERT_CONFIG, ['inner', '1', 1]);
          throw new Error('undo inner');
        })
        .catch(() => undefined);
      await tx.transaction(async (inner) => inner.run(INSERT_CONFIG, ['kept', '1', 1]));
    });
    expect(await keys()).toEqual(['kept', 'outer']);
  });

  it('refuses a transaction handle used after its transaction ended', async () => {
    let leaked: Parameters<Parameters<typeof store.executor.transaction>[0]>[0] | undefined;
    await store.executor.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.get('SELECT 1 AS one')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('keeps other callers\u2019 statements out of an open transaction, even across awaits', async () => {
    const order: string[] = [];
    const transaction = store.executor.transaction(async (tx) => {
      await tx.run(INSERT_CONFIG, ['in-tx', '1', 1]);
      order.push('tx wrote');
      await sleep(50);
      order.push('tx about to fail');
      throw new Error('roll back');
    });
    // Started while the transaction is open: must neither land inside it nor be rolled back with it.
    const outside = (async () => {
      await sleep(10);
      await store.executor.run(INSERT_CONFIG, ['outside', '1', 1]);
      order.push('outside wrote');
    })();
    await expect(transaction).rejects.toThrow('roll back');
    await outside;
    expect(await keys()).toEqual(['outside']);
    if (dialect === 'sqlite') expect(order).toEqual(['tx wrote', 'tx about to fail', 'outside wrote']);
  });

  if (dialect === 'sqlite')
    it('fails fast, instead of waiting forever, when the callback uses the outer executor', async () => {
      await expect(
        store.executor.transaction(async () => {
          await store.executor.run(INSERT_CONFIG, ['wrong-handle', '1', 1]);
        }),
      ).rejects.toMatchObject({ code: 'BUSY', message: expect.stringMatching(/use the `tx`/) });
      await expect(
        store.executor.transaction(async (tx) => {
          await tx.transaction(async () => {
            await tx.run(INSERT_CONFIG, ['outer-handle-in-savepoint', '1', 1]);
          });
        }),
      ).rejects.toMatchObject({ code: 'BUSY' });
      await expect(
        store.executor.transaction(async () => store.executor.transaction(async () => 'nested on root')),
      ).rejects.toMatchObject({ code: 'BUSY' });
      expect(await keys()).toEqual([]);
    });

  it('runs concurrent transactions one after the other without losing writes', async () => {
    await store.executor.run(INSERT_CONFIG, ['counter', '0', 1]);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.executor.transaction(async (tx) => {
          // Locks the row on MySQL (FOR UPDATE); SQLite's whole-database write lock does the same.
          const lock = tx.dialect === 'mysql' ? ' FOR UPDATE' : '';
          const row = await tx.get(`SELECT \`value\` FROM \`system_config\` WHERE \`key\` = ?${lock}`, ['counter']);
          await sleep(2);
          await tx.run('UPDATE `system_config` SET `value` = ? WHERE `key` = ?', [
            String(Number(row?.value) + 1),
            'counter',
          ]);
        }),
      ),
    );
    const row = await store.executor.get('SELECT `value` FROM `system_config` WHERE `key` = ?', ['counter']);
    expect(row?.value).toBe('10');
  });

  it('hides uncommitted writes from another connection until COMMIT', async () => {
    const other = await openStore(store.config);
    try {
      await store.executor.transaction(async (tx) => {
        await tx.run(INSERT_CONFIG, ['pending', '1', 1]);
        expect(await other.get('SELECT `key` FROM `system_config` WHERE `key` = ?', ['pending'])).toBeUndefined();
      });
      expect(toText((await other.get('SELECT `key` FROM `system_config` WHERE `key` = ?', ['pending']))?.key)).toBe(
        'pending',
      );
    } finally {
      await other.close();
    }
  });
});
