/**
 * Lone UTF-16 surrogates (`'\uD800'`, half of an emoji) are not Unicode text, and UTF-8 cannot hold them. Left to
 * the drivers they are silently changed, and differently per dialect: better-sqlite3 writes the invalid bytes
 * ED A0 80 (read back as three U+FFFD), mysql2 sends one U+FFFD. A stored value would then come back different,
 * and on MySQL a lookup with a lone surrogate would match a stored U+FFFD.
 *
 * The contract, identical on both dialects: an admin write or any lookup with such a value is rejected with
 * GatewayDbError DATA_DOES_NOT_FIT before it reaches the driver; the message is one line and does not quote the
 * value; nothing is written. Log rows (api_requests, expert_routing_logs: text a client sent) are never refused for
 * it: each lone surrogate is stored as U+FFFD, and the api_requests writer counts and reports the repair.
 */

import { GatewayDbError } from '@gateway-db/core/errors.js';
import { requireMysqlServer, testDialects } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestLogWriter, type LogWriterReport } from '../../src/log-writer.js';
import { createOrmContext } from '../../src/orm/orm-context.js';
import { createRepositories, type Repositories } from '../../src/repositories/index.js';
import { countRows } from '../helpers/rows.js';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';
import { hostileText } from './support/hostile-text.js';

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\ude00\ud83d'];

/** Hostile text with at least one lone surrogate in it. */
const withLoneSurrogate = fc
  .tuple(hostileText, fc.constantFrom(...LONE_SURROGATES), hostileText)
  // A surrogate next to another could pair up into a valid character: keep only really broken strings.
  .map(([before, lone, after]) => `${before}${lone}${after}`)
  .filter((text) => /\p{Surrogate}/u.test(text));

async function rejection(promise: Promise<unknown>): Promise<GatewayDbError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayDbError);
    return error as GatewayDbError;
  }
  throw new Error('expected the statement to be rejected');
}

function expectRejectedText(error: GatewayDbError, value: string): void {
  expect(error.code).toBe('DATA_DOES_NOT_FIT');
  expect(error.message).not.toContain('\n');
  expect(error.message).toMatch(/surrogate/i);
  if (value.length > 3) expect(error.message).not.toContain(value);
}

describe.each(testDialects())('lone surrogates on %s', (dialect) => {
  let store: TestStore;
  let repos: Repositories;
  let writer: ApiRequestLogWriter;
  const reports: LogWriterReport[] = [];

  beforeAll(async () => {
    store = await openTestStore(dialect);
    writer = new ApiRequestLogWriter(store.executor, {
      flushIntervalMs: 60_000,
      onReport: (report) => reports.push(report),
    });
    repos = createRepositories(createOrmContext(store.executor), writer);
  });
  afterAll(async () => {
    await writer?.close();
    await store?.close();
  });

  it('rejects a lone surrogate in admin writes with DATA_DOES_NOT_FIT, writes nothing, and stores log text as U+FFFD', async () => {
    await fc.assert(
      fc.asyncProperty(withLoneSurrogate, async (bad) => {
        await store.reset();
        expectRejectedText(
          await rejection(repos.providers.create({ id: 'p', name: bad, base_url: 'u', api_key: 'k' })),
          bad,
        );
        expectRejectedText(await rejection(repos.users.create({ username: bad, password_hash: 'salt:hash' })), bad);
        expectRejectedText(
          await rejection(repos.virtualKeys.create({ key_value: bad, key_hash: 'h', name: 'n' })),
          bad,
        );
        expectRejectedText(await rejection(repos.systemConfig.set('cors_enabled', bad)), bad);
        expectRejectedText(await rejection(repos.systemConfig.set(bad, 'true')), bad);
        await repos.expertRoutingConfigs.create({ id: 'c', name: 'config', config: '{}' });
        const log = {
          expert_routing_id: 'c',
          request_hash: 'h',
          classifier_model: 'm',
          classification_result: 'r',
          selected_expert_id: 'e',
          selected_expert_type: 't',
          selected_expert_name: 'n',
          original_request: bad,
        };
        // A log row keeps the text a client sent as well as UTF-8 can: U+FFFD for each lone surrogate.
        const stored = await repos.expertRoutingLogs.create(log);
        expect((await repos.expertRoutingLogs.getById(stored.id))?.original_request).toBe(bad.toWellFormed());
        await repos.routingConfigs.create({ id: 'r', name: 'ok', type: 'fallback', config: '{}' });
        expectRejectedText(await rejection(repos.routingConfigs.update('r', { config: bad })), bad);
        expect((await repos.routingConfigs.getById('r'))?.config).toBe('{}');
        for (const table of ['providers', 'users', 'virtual_keys', 'system_config']) {
          expect(await countRows(store.executor, table)).toBe(0);
        }
        expect(await countRows(store.executor, 'expert_routing_logs')).toBe(1);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a lookup by a lone surrogate instead of matching a stored U+FFFD', async () => {
    await store.reset();
    await repos.virtualKeys.create({ key_value: 'vk_\ufffd', key_hash: 'h1', name: 'replacement char key' });
    await repos.users.create({ username: 'admin\ufffd', password_hash: 'salt:hash' });
    await repos.systemConfig.set('flag\ufffd', 'true');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LONE_SURROGATES), async (lone) => {
        expectRejectedText(await rejection(repos.virtualKeys.getByKeyValue(`vk_${lone}`)), `vk_${lone}`);
        expectRejectedText(await rejection(repos.users.findByUsername(`admin${lone}`)), `admin${lone}`);
        expectRejectedText(await rejection(repos.systemConfig.get(`flag${lone}`)), `flag${lone}`);
        expectRejectedText(await rejection(repos.apiRequests.getAll({ model: `m${lone}` })), `m${lone}`);
      }),
      { numRuns: LONE_SURROGATES.length * 2 },
    );
    // The stored U+FFFD values themselves are ordinary text.
    expect((await repos.virtualKeys.getByKeyValue('vk_\ufffd'))?.name).toBe('replacement char key');
  });

  it('writes an api_requests row with a lone surrogate as U+FFFD, as create() returned it, and reports it', async () => {
    await store.reset();
    reports.length = 0;
    repos.apiRequests.create({ id: 'before', model: 'gpt-4o', status: 'success' });
    const returned = repos.apiRequests.create({ id: 'broken', model: 'gpt\ud800', status: 'success' });
    expect(returned.model).toBe('gpt\ufffd');
    repos.apiRequests.create({ id: 'after', model: '模型 😀', status: 'success' });
    await repos.apiRequests.flush();
    expect((await repos.apiRequests.getById('before'))?.model).toBe('gpt-4o');
    expect((await repos.apiRequests.getById('after'))?.model).toBe('模型 😀');
    expect((await repos.apiRequests.getById('broken'))?.model).toBe('gpt\ufffd');
    expect(reports).toEqual([{ kind: 'repaired', rowId: 'broken', columns: ['model'] }]);
  });
});

describe('what the drivers do with a lone surrogate when nothing checks it (why gateway-db rejects it)', () => {
  if (testDialects().includes('sqlite'))
    it('better-sqlite3 stores invalid UTF-8 and reads back three U+FFFD', () => {
      const db = new Database(':memory:');
      try {
        db.exec('CREATE TABLE t (v TEXT)');
        db.prepare('INSERT INTO t VALUES (?)').run('a\ud800b');
        expect(db.prepare('SELECT v, hex(v) AS h FROM t').get()).toEqual({
          v: 'a\ufffd\ufffd\ufffdb',
          h: '61EDA08062',
        });
      } finally {
        db.close();
      }
    });

  if (testDialects().includes('mysql'))
    it('mysql2 sends U+FFFD, so a lookup would match a stored U+FFFD', async () => {
      const server = requireMysqlServer();
      const connection = await mysql.createConnection({ ...server, charset: 'utf8mb4_unicode_ci' });
      try {
        const [rows] = await connection.execute('SELECT ? AS v, ? = ? AS same', ['a\ud800b', 'a\ud800b', 'a\ufffdb']);
        expect(rows).toEqual([{ v: 'a\ufffdb', same: 1 }]);
      } finally {
        await connection.end();
      }
    });
});
