import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLegacyFile, LEGACY_VERSIONS } from '../src/index.js';
import { columnsWithTypes, openReadOnly, sqliteAccepts, tableNames } from './inspect-legacy-file.js';
import { expectedColumns, hasSchemaMigrations } from './spec-expectations.js';

const ROWS = {
  users: 2,
  providers: 3,
  models: 5,
  virtual_keys: 4,
  system_config: 5,
  api_requests: 37,
  routing_configs: 1,
  portkey_gateways: 2,
  model_routing_rules: 3,
  expert_routing_configs: 2,
  expert_routing_logs: 6,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-fixture-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(LEGACY_VERSIONS)('a file last opened by %s', (version) => {
  describe.each(['upgraded', 'fresh'] as const)('%s', (history) => {
    const build = () =>
      buildLegacyFile(join(dir, `${version}-${history}.db`), { version, history, rows: ROWS, bodyBytes: 512 });

    it('opens read-only and passes the integrity check', async () => {
      const summary = await build();
      expect(sqliteAccepts(summary.path)).toBe(true);
    });

    it('has exactly the tables and columns the spec gives, in physical order', async () => {
      const summary = await build();
      const db = openReadOnly(summary.path);
      try {
        const expected = expectedColumns(version);
        const tables = [...Object.keys(expected), ...(hasSchemaMigrations(version) ? ['schema_migrations'] : [])];
        expect(tableNames(db)).toEqual([...tables].sort());
        for (const [table, columns] of Object.entries(expected)) {
          expect(columnsWithTypes(db, table), table).toEqual(columns);
        }
        if (hasSchemaMigrations(version)) {
          expect(columnsWithTypes(db, 'schema_migrations')).toEqual([
            'version INTEGER',
            'name TEXT',
            'applied_at INTEGER',
          ]);
        }
      } finally {
        db.close();
      }
    });

    it('holds the row counts asked for, with no dangling reference', async () => {
      const summary = await build();
      const db = openReadOnly(summary.path);
      try {
        for (const table of Object.keys(expectedColumns(version))) {
          const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
          expect(count, table).toBe(ROWS[table as keyof typeof ROWS]);
          expect(summary.rowCounts[table], table).toBe(count);
        }
        expect(summary.danglingReferences).toEqual([]);
      } finally {
        db.close();
      }
    });
  });
});

describe('legacy DDL details', () => {
  it('declares the flags, defaults, unique keys and foreign keys of the spec', async () => {
    const summary = await buildLegacyFile(join(dir, 'ddl.db'), { rows: { api_requests: 1 } });
    const db = openReadOnly(summary.path);
    try {
      const strings = (sql: string, ...params: unknown[]) =>
        db
          .prepare(sql)
          .pluck()
          .all(...params) as string[];
      const defaults = (table: string) =>
        Object.fromEntries(
          strings(`SELECT name || '=' || coalesce(dflt_value, 'none') FROM pragma_table_info(?)`, table).map((pair) =>
            pair.split('='),
          ),
        );
      expect(defaults('models')).toMatchObject({ enabled: '1', is_virtual: '0' });
      expect(defaults('virtual_keys')).toMatchObject({
        routing_strategy: "'single'",
        cache_enabled: '0',
        disable_logging: '0',
      });
      expect(defaults('api_requests')).toMatchObject({ prompt_tokens: '0', cache_hit: '0', response_time: 'none' });
      expect(defaults('portkey_gateways')).toMatchObject({ install_status: "'pending'", is_default: '0' });

      const uniqueColumns = strings(
        `SELECT m.name || '.' || ii.name
         FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_info(il.name) ii
         WHERE m.type = 'table' AND il."unique" = 1 AND il.origin = 'u' ORDER BY 1`,
      );
      expect(uniqueColumns).toEqual(['users.username', 'virtual_keys.key_hash', 'virtual_keys.key_value']);

      const foreignKeys = strings(
        `SELECT m.name || '.' || fk."from" || ' -> ' || fk."table" || ' ' || fk.on_delete
         FROM sqlite_master m, pragma_foreign_key_list(m.name) fk WHERE m.type = 'table' ORDER BY 1`,
      );
      expect(foreignKeys).toEqual([
        'api_requests.provider_id -> providers SET NULL',
        'api_requests.virtual_key_id -> virtual_keys SET NULL',
        'expert_routing_logs.expert_routing_id -> expert_routing_configs CASCADE',
        'expert_routing_logs.virtual_key_id -> virtual_keys SET NULL',
        'model_routing_rules.portkey_gateway_id -> portkey_gateways CASCADE',
        'models.provider_id -> providers CASCADE',
        'virtual_keys.model_id -> models SET NULL',
        'virtual_keys.provider_id -> providers SET NULL',
      ]);

      const indexes = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_models_%' ORDER BY name`)
        .pluck()
        .all();
      // The useless indexes on JSON columns are part of a real file too.
      expect(indexes).toContain('idx_models_model_attributes');
      expect(indexes).toContain('idx_models_expert_routing_id');
    } finally {
      db.close();
    }
  });

  it('gives rows written before a later ALTER the column default, as an upgraded file has', async () => {
    const summary = await buildLegacyFile(join(dir, 'old-rows.db'), { version: 'S6', rows: { virtual_keys: 12 } });
    const db = openReadOnly(summary.path);
    try {
      // Keys inserted by S1..S5 predate disable_logging: they read 0 (the ALTER default), not NULL.
      const values = db.prepare('SELECT DISTINCT typeof(disable_logging) FROM virtual_keys').pluck().all();
      expect(values).toEqual(['integer']);
      const migrations = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(migrations).toHaveLength(6);
    } finally {
      db.close();
    }
  });

  it('writes 13-digit millisecond timestamps within the last 30 days', async () => {
    const now = Date.UTC(2026, 0, 15);
    const summary = await buildLegacyFile(join(dir, 'times.db'), { now, rows: { api_requests: 50 } });
    const db = openReadOnly(summary.path);
    try {
      const range = db
        .prepare('SELECT min(created_at) AS lo, max(created_at) AS hi, min(typeof(created_at)) AS t FROM api_requests')
        .get() as { lo: number; hi: number; t: string };
      expect(range.t).toBe('integer');
      expect(String(range.lo)).toHaveLength(13);
      expect(range.lo).toBeGreaterThanOrEqual(now - 30 * 86_400_000);
      expect(range.hi).toBeLessThanOrEqual(now);
    } finally {
      db.close();
    }
  });
});
