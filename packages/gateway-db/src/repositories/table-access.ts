/**
 * The SQL every repository needs for its own table, written once: select by id, insert the given columns,
 * update only the given columns, delete by id. Table-specific queries use `select`/`selectOne` with their own tail.
 */
import type { TableSpec } from '@gateway-db/schema';
import { rowDecoder } from '../dialect/row-codec.js';
import { type SqlExecutor, type SqlValue, quoteName } from '../dialect/sql-executor.js';

/** Column values for a write; `undefined` means "not given" and is left out of the statement. */
export type ColumnValues = Record<string, SqlValue | undefined>;

/** The SELECT list of a table, optionally without some (large) columns. */
export function selectColumns(spec: TableSpec, omit: readonly string[] = []): string {
  return Object.keys(spec.columns)
    .filter((name) => !omit.includes(name))
    .map(quoteName)
    .join(', ');
}

/** The given entries that are columns of the table, in the table's column order. */
export function givenColumns(spec: TableSpec, values: ColumnValues): [string, SqlValue][] {
  const given: [string, SqlValue][] = [];
  for (const name of Object.keys(spec.columns)) {
    const value = values[name];
    if (value !== undefined) given.push([name, value]);
  }
  return given;
}

/** `?, ?, ?` for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * A row count (LIMIT, OFFSET) that is safe to write into the SQL text: a non-negative integer. Written inline
 * because MySQL's prepared statements reject some bound LIMIT values (a number sent as DOUBLE).
 */
export function sqlCount(value: number): number {
  // Capped where JS still prints digits (1e21 prints as `1e+21`, which no SQL parser takes as a LIMIT).
  return Number.isFinite(value) ? Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.floor(value))) : 0;
}

export interface TableAccess<TRow> {
  readonly table: string;
  readonly columns: string;
  /** `SELECT <all columns> FROM <table> <tail>`, decoded. */
  select(tail: string, params?: readonly SqlValue[]): Promise<TRow[]>;
  selectOne(tail: string, params?: readonly SqlValue[]): Promise<TRow | undefined>;
  getById(id: string): Promise<TRow | undefined>;
  insert(values: ColumnValues): Promise<void>;
  /** Updates only the given columns of one row; false when nothing was given. */
  updateById(id: string, values: ColumnValues): Promise<boolean>;
  /** True when a row was deleted. */
  deleteById(id: string): Promise<boolean>;
}

export function tableAccess<TRow>(executor: SqlExecutor, spec: TableSpec): TableAccess<TRow> {
  const decode = rowDecoder<TRow>(spec);
  const table = quoteName(spec.name);
  const columns = selectColumns(spec);
  // The full SQL of each tail is built once and then reused as the same string: the executors' statement caches
  // find it without hashing a freshly built string on every call (getByKeyValue is on every request's path).
  const sqlByTail = new Map<string, string>();
  const selectSql = (tail: string) => {
    let sql = sqlByTail.get(tail);
    if (sql === undefined) {
      sql = `SELECT ${columns} FROM ${table} ${tail}`;
      // Tails with inline LIMIT/OFFSET values vary without end: keep the cache bounded.
      if (sqlByTail.size < 256) sqlByTail.set(tail, sql);
    }
    return sql;
  };
  const select = async (tail: string, params: readonly SqlValue[] = []) =>
    (await executor.all(selectSql(tail), params)).map(decode);
  const byIdSql = `SELECT ${columns} FROM ${table} WHERE \`id\` = ?`;
  const first = async (sql: string, params: readonly SqlValue[]) => {
    const raw = await executor.get(sql, params);
    return raw === undefined ? undefined : decode(raw);
  };

  return {
    table,
    columns,
    select,
    selectOne: (tail, params = []) => first(selectSql(tail), params),
    // Built once: getById is on the hot path of every proxied request (models, providers, configs).
    getById: (id) => first(byIdSql, [id]),
    async insert(values) {
      const given = givenColumns(spec, values);
      const names = given.map(([name]) => quoteName(name)).join(', ');
      await executor.run(
        `INSERT INTO ${table} (${names}) VALUES (${placeholders(given.length)})`,
        given.map(([, value]) => value),
      );
    },
    async updateById(id, values) {
      const given = givenColumns(spec, values);
      if (given.length === 0) return false;
      const assignments = given.map(([name]) => `${quoteName(name)} = ?`).join(', ');
      await executor.run(`UPDATE ${table} SET ${assignments} WHERE \`id\` = ?`, [...given.map(([, v]) => v), id]);
      return true;
    },
    async deleteById(id) {
      const { changes } = await executor.run(`DELETE FROM ${table} WHERE \`id\` = ?`, [id]);
      return changes > 0;
    },
  };
}
