import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ColumnSpec, foreignKeyName, type TableSpec, tableSpecs } from '../src/index.js';
import { type OpenedMysql, type OpenedSqlite, openStoreWithSchema } from './support/open-test-stores.js';

const specs = tableSpecs as readonly TableSpec[];
const expectedTables = specs.map((spec) => spec.name).sort();

/** What information_schema / PRAGMA should say for every column kind. */
const mysqlColumnType: Record<ColumnSpec['kind'], (c: ColumnSpec) => string> = {
  key: (c) => `varbinary(${c.maxBytes ?? 255})`,
  text: () => 'longtext',
  label: (c) => `varchar(${c.maxChars ?? 255})`,
  integer: () => 'bigint',
  timestamp: () => 'bigint',
  duration: () => 'double',
  flag: () => 'tinyint',
};

describe.each(testDialects())('generated DDL applied to an empty %s database', (dialect) => {
  let store: OpenedSqlite | OpenedMysql;
  beforeAll(async () => {
    store = await openStoreWithSchema(dialect);
  });
  afterAll(async () => {
    await store?.close();
  });

  async function query<T>(sqliteSql: string, mysqlSql: string, params: unknown[] = []): Promise<T[]> {
    if (store.dialect === 'sqlite') return store.db.prepare(sqliteSql).all(...params) as T[];
    const [rows] = await store.connection.query(mysqlSql, [store.database, ...params]);
    return rows as T[];
  }

  it('creates exactly the tables of the spec', async () => {
    const rows = await query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    );
    expect(rows.map((r) => r.name).sort()).toEqual(expectedTables);
  });

  it.each(specs.map((s) => [s.name, s] as const))(
    'gives %s every column with its type, nullability and default',
    async (_name, spec) => {
      if (store.dialect === 'sqlite') {
        const info = store.db.prepare(`PRAGMA table_info(\`${spec.name}\`)`).all() as {
          name: string;
          notnull: number;
          dflt_value: string | null;
          pk: number;
        }[];
        expect(info.map((c) => c.name)).toEqual(Object.keys(spec.columns));
        for (const c of info) {
          const column = spec.columns[c.name] as ColumnSpec;
          expect(c.pk === 1, `${c.name} primary key`).toBe(column.primaryKey === true);
          expect(c.notnull === 1 || c.pk === 1, `${c.name} not null`).toBe(
            column.notNull === true || column.primaryKey === true,
          );
          expect(c.dflt_value !== null, `${c.name} default`).toBe(column.default !== undefined);
        }
        return;
      }
      const [rows] = await store.connection.query(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, COLUMN_KEY AS ckey
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [store.database, spec.name],
      );
      const columns = rows as { name: string; type: string; nullable: string; dflt: string | null; ckey: string }[];
      expect(columns.map((c) => c.name)).toEqual(Object.keys(spec.columns));
      for (const c of columns) {
        const column = spec.columns[c.name] as ColumnSpec;
        // MariaDB shows display widths (bigint(20), tinyint(1)); MySQL 8.0 only tinyint(1).
        expect(c.type.replace(/^(bigint|tinyint)\(\d+\)$/, '$1'), c.name).toBe(mysqlColumnType[column.kind](column));
        expect(c.nullable === 'NO', `${c.name} not null`).toBe(column.notNull === true || column.primaryKey === true);
        expect(c.dflt !== null && c.dflt !== 'NULL', `${c.name} default`).toBe(column.default !== undefined);
        if (column.primaryKey) expect(c.ckey).toBe('PRI');
      }
    },
  );

  it('declares every foreign key of the spec with its ON DELETE action', async () => {
    for (const spec of specs) {
      const expected = Object.entries(spec.columns)
        .filter(([, c]) => c.references)
        .map(([name, c]) => `${name}->${c.references?.table}.id ${c.references?.onDelete.toUpperCase()}`)
        .sort();
      let actual: string[];
      if (store.dialect === 'sqlite') {
        const fks = store.db.prepare(`PRAGMA foreign_key_list(\`${spec.name}\`)`).all() as {
          from: string;
          table: string;
          to: string;
          on_delete: string;
        }[];
        actual = fks.map((f) => `${f.from}->${f.table}.${f.to} ${f.on_delete}`);
      } else {
        const [rows] = await store.connection.query(
          `SELECT k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref, k.REFERENCED_COLUMN_NAME AS refcol, r.DELETE_RULE AS rule, k.CONSTRAINT_NAME AS name
           FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r
             ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
           WHERE k.TABLE_SCHEMA = ? AND k.TABLE_NAME = ?`,
          [store.database, spec.name],
        );
        const fks = rows as { col: string; ref: string; refcol: string; rule: string; name: string }[];
        for (const fk of fks) expect(fk.name).toBe(foreignKeyName(spec.name, fk.col));
        actual = fks.map((f) => `${f.col}->${f.ref}.${f.refcol} ${f.rule}`);
      }
      expect(actual.sort(), spec.name).toEqual(expected);
    }
  });

  it('creates every named index of the spec', async () => {
    for (const spec of specs) {
      for (const ix of spec.indexes) {
        expect(ix.name.length).toBeLessThanOrEqual(64);
        let columns: string[];
        let unique: boolean;
        if (store.dialect === 'sqlite') {
          const list = store.db.prepare(`PRAGMA index_list(\`${spec.name}\`)`).all() as {
            name: string;
            unique: number;
          }[];
          const found = list.find((i) => i.name === ix.name);
          expect(found, `${spec.name}.${ix.name}`).toBeDefined();
          unique = found?.unique === 1;
          columns = (store.db.prepare(`PRAGMA index_info(\`${ix.name}\`)`).all() as { name: string }[]).map(
            (c) => c.name,
          );
        } else {
          const [rows] = await store.connection.query(
            `SELECT COLUMN_NAME AS col, NON_UNIQUE AS nonUnique FROM information_schema.STATISTICS
             WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = ? ORDER BY SEQ_IN_INDEX`,
            [store.database, spec.name, ix.name],
          );
          const parts = rows as { col: string; nonUnique: number | string }[];
          expect(parts.length, `${spec.name}.${ix.name}`).toBeGreaterThan(0);
          unique = Number(parts[0]?.nonUnique) === 0;
          columns = parts.map((p) => p.col);
        }
        expect(columns, ix.name).toEqual([...ix.columns]);
        expect(unique, ix.name).toBe(ix.unique === true);
      }
    }
  });
});

describe.each(testDialects().filter((d) => d === 'mysql'))('generated DDL on %s: table options', (dialect) => {
  let mysqlStore: OpenedMysql;
  beforeAll(async () => {
    mysqlStore = (await openStoreWithSchema(dialect)) as OpenedMysql;
  });
  afterAll(async () => {
    await mysqlStore?.close();
  });

  it('makes every table InnoDB with utf8mb4_unicode_ci', async () => {
    const [rows] = await mysqlStore.connection.query(
      `SELECT t.TABLE_NAME AS name, t.ENGINE AS engine, t.TABLE_COLLATION AS collation, c.CHARACTER_SET_NAME AS charset
       FROM information_schema.TABLES t
       JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY c ON c.COLLATION_NAME = t.TABLE_COLLATION
       WHERE t.TABLE_SCHEMA = ?`,
      [mysqlStore.database],
    );
    const tables = rows as { name: string; engine: string; collation: string; charset: string }[];
    expect(tables).toHaveLength(expectedTables.length);
    for (const t of tables) {
      expect({ name: t.name, engine: t.engine, charset: t.charset, collation: t.collation }).toEqual({
        name: t.name,
        engine: 'InnoDB',
        charset: 'utf8mb4',
        collation: 'utf8mb4_unicode_ci',
      });
    }
  });
});
