import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MigrationError, migrate, silentLogger } from '../src/index.js';
import { editLegacyFile, execLegacyFile } from './support/edit-legacy.js';
import { createTarget, readPlainRows, tempDir } from './support/stores.js';

const ROWS = { api_requests: 10, expert_routing_logs: 2 };

describe.each(testDialects())('dangling references and unique values into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let n = 0;
  const legacyFile = async () => {
    const path = join(dir.path, `f${n++}.db`);
    await buildLegacyFile(path, { version: 'S6', seed: 21, rows: ROWS, bodyBytes: 200 });
    return path;
  };
  beforeAll(() => {
    dir = tempDir('dangling');
  });
  afterAll(() => dir.remove());

  it('sets dangling references to NULL only when --dangling=set-null asks for it, and verifies that result', async () => {
    const file = await legacyFile();
    editLegacyFile(
      file,
      "UPDATE virtual_keys SET provider_id = 'gone provider' WHERE rowid = (SELECT min(rowid) FROM virtual_keys)",
    );
    // Log rows name deleted keys by design (plain references, issue 11.6): copied as they are under every policy.
    editLegacyFile(
      file,
      "UPDATE api_requests SET virtual_key_id = 'gone key' WHERE rowid = (SELECT min(rowid) FROM api_requests)",
    );
    const idWhere = async (table: string, column: string, value: string) =>
      [...(await readPlainRows(`sqlite:${file}`, table)).entries()].find(([, row]) => row[column] === value)?.[0] ?? '';
    const keyId = await idWhere('virtual_keys', 'provider_id', 's:gone provider');
    const logId = await idWhere('api_requests', 'virtual_key_id', 's:gone key');
    expect(keyId).not.toBe('');
    expect(logId).not.toBe('');
    const kept = await createTarget(dialect, 'keep');
    const nulled = await createTarget(dialect, 'setnull');
    try {
      const keep = await migrate({ from: `sqlite:${file}`, to: kept.url, logger: silentLogger, backupDir: false });
      const dangling = keep.findings.filter((finding) => finding.kind === 'dangling-reference');
      expect(dangling).toContainEqual(
        expect.objectContaining({ severity: 'warning', table: 'virtual_keys', column: 'provider_id' }),
      );
      expect(dangling.filter((finding) => finding.table === 'api_requests')).toEqual([]);
      expect((await readPlainRows(kept.url, 'virtual_keys')).get(keyId)?.provider_id).toBe('s:gone provider');
      expect((await readPlainRows(kept.url, 'api_requests')).get(logId)?.virtual_key_id).toBe('s:gone key');

      const setNull = await migrate({
        from: `sqlite:${file}`,
        to: nulled.url,
        logger: silentLogger,
        backupDir: false,
        danglingPolicy: 'set-null',
      });
      expect(setNull.tables.every((t) => t.match)).toBe(true);
      expect(setNull.findings).toContainEqual(
        expect.objectContaining({
          kind: 'dangling-reference',
          severity: 'info',
          table: 'virtual_keys',
          reason: expect.stringContaining('set to NULL'),
        }),
      );
      expect((await readPlainRows(nulled.url, 'virtual_keys')).get(keyId)?.provider_id).toBeNull();
      expect((await readPlainRows(nulled.url, 'api_requests')).get(logId)?.virtual_key_id).toBe('s:gone key');

      const refuse = await migrate({
        from: `sqlite:${file}`,
        to: nulled.url,
        logger: silentLogger,
        backupDir: false,
        dryRun: true,
        replace: true,
        danglingPolicy: 'refuse',
      }).catch((e: unknown) => e);
      expect(refuse).toBeInstanceOf(MigrationError);
      expect((refuse as MigrationError).code).toBe('DATA_DOES_NOT_FIT');
    } finally {
      await kept.drop();
      await nulled.drop();
    }
  });

  it('refuses values that would collide in a unique key of the target, naming the rows', async () => {
    const file = await legacyFile();
    // A file whose users table lost its constraints (rebuilt by hand): two rows share a username and an id.
    execLegacyFile(
      file,
      `
      CREATE TABLE users_copy AS SELECT * FROM users;
      DROP TABLE users;
      ALTER TABLE users_copy RENAME TO users;
      INSERT INTO users SELECT id || '-twin', username, password_hash, created_at, updated_at FROM users LIMIT 1;
      INSERT INTO users SELECT id, username || ' twin', password_hash, created_at, updated_at FROM users LIMIT 1;`,
    );
    const target = await createTarget(dialect, 'dup');
    try {
      const error = await migrate({
        from: `sqlite:${file}`,
        to: target.url,
        logger: silentLogger,
        backupDir: false,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      const message = (error as MigrationError).message;
      expect(message).toMatch(
        /users\.username: the same value in several rows would collide in the target's unique key \(1 value: \S+, \S+-twin\)/,
      );
      expect(message).toMatch(/users\.id: the same value in several rows would collide/);
      expect((await readPlainRows(target.url, 'users')).size).toBe(0);
    } finally {
      await target.drop();
    }
  });
});
