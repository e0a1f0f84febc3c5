/**
 * Builds a legacy `gateway.db` the way the legacy builds wrote it: created by S1 and upgraded build by build
 * (each boot ran its CREATE TABLE IF NOT EXISTS and ALTER TABLE ADD COLUMN), rows written along the way, and the
 * whole database exported by sql.js to the file.
 */
import { rm, stat } from 'node:fs/promises';
import type { LegacyTableName } from '@gateway-db/schema';
import { openBetterSqlite3LegacyDatabase } from './better-sqlite3-legacy-database.js';
import { type DanglingReference, findDanglingReferences } from './dangling-references.js';
import { buildHostileRows } from './hostile-rows.js';
import { type LegacyDatabase, type LegacyEngine, type LegacyRow, quoteIdentifier } from './legacy-database.js';
import { buildTableRows, type PlacedRow, type RowContext } from './legacy-rows.js';
import {
  LEGACY_TABLES,
  LEGACY_VERSIONS,
  type LegacyVersion,
  legacyBootStatements,
  legacyColumnNames,
  legacyTableNames,
  versionIndex,
} from './legacy-schema.js';
import { createTextPool } from './legacy-values.js';
import { createPrng } from './prng.js';
import { openSqlJsLegacyDatabase } from './sqljs-legacy-database.js';
import { Timeline } from './timeline.js';

export interface BuildLegacyFileOptions {
  /** The last build that opened the file. Default `'S6'`. */
  version?: LegacyVersion;
  /**
   * `'upgraded'` (default): created by S1, then opened by each build up to `version`, each writing some rows, so the
   * oldest rows predate later columns. `'fresh'`: created directly by `version`, all rows written by it.
   */
  history?: 'upgraded' | 'fresh';
  /** PRNG seed: the same options give the same file, byte for byte. Default 1. */
  seed?: number;
  /** End of the ~30 days the timestamps span, in ms. Default a fixed instant (2025-11-20), for determinism. */
  now?: number;
  /** Ordinary rows per table (tables missing in `version` get none). Defaults in `DEFAULT_ROW_COUNTS`. */
  rows?: Partial<Record<LegacyTableName, number>>;
  /** Approximate UTF-8 size of each api_requests request_body; response bodies are about a third. Default 4096. */
  bodyBytes?: number;
  /** Adds the hostile rows of `hostile-rows.ts` (see `HOSTILE`) on top of the ordinary ones. Default false. */
  hostile?: boolean;
  /** A column the new schema does not know, added by ALTER TABLE and filled for every row. */
  extraColumn?: { table: LegacyTableName; column: string };
  /** A table the new schema does not know, with three rows. */
  extraTable?: string;
  /** `'sql.js'` (default, the legacy way) or `'better-sqlite3'` (streams to disk: for files too big for memory). */
  engine?: LegacyEngine;
}

export const DEFAULT_ROW_COUNTS: Readonly<Record<LegacyTableName, number>> = {
  users: 3,
  providers: 4,
  models: 10,
  virtual_keys: 8,
  system_config: 5,
  api_requests: 200,
  routing_configs: 2,
  portkey_gateways: 2,
  model_routing_rules: 4,
  expert_routing_configs: 2,
  expert_routing_logs: 20,
};

export interface LegacyFileSummary {
  readonly path: string;
  readonly version: LegacyVersion;
  readonly engine: LegacyEngine;
  /** Every table in the file, in creation order: gateway tables, then schema_migrations (S3+), then the extra one. */
  readonly tables: readonly string[];
  /** Rows on disk per table of `tables` (hostile rows included). */
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly danglingReferences: readonly DanglingReference[];
  readonly bytes: number;
}

const DEFAULT_NOW = Date.UTC(2025, 10, 20, 12, 0, 0);

/** The row context `options` build from (shared with `legacySecrets`, which must see the very same rows). */
export function legacyRowContext(options: BuildLegacyFileOptions): { ctx: RowContext; builds: LegacyVersion[] } {
  const version = options.version ?? 'S6';
  const builds = options.history === 'fresh' ? [version] : LEGACY_VERSIONS.slice(0, versionIndex(version) + 1);
  const prng = createPrng(options.seed ?? 1);
  const present = new Set(legacyTableNames(version));
  const counts = Object.fromEntries(
    LEGACY_TABLES.map((t) => {
      const wanted = options.rows?.[t.name] ?? DEFAULT_ROW_COUNTS[t.name];
      return [t.name, present.has(t.name) ? wanted : 0];
    }),
  ) as Record<LegacyTableName, number>;
  const timeline = new Timeline(builds, options.now ?? DEFAULT_NOW);
  const ctx: RowContext = {
    prng,
    timeline,
    textPool: createTextPool(prng.fork('text')),
    bodyBytes: options.bodyBytes ?? 4096,
    counts,
  };
  return { ctx, builds };
}

export async function buildLegacyFile(path: string, options: BuildLegacyFileOptions = {}): Promise<LegacyFileSummary> {
  const version = options.version ?? 'S6';
  const engine = options.engine ?? 'sql.js';
  const present = new Set(legacyTableNames(version));
  const { ctx, builds } = legacyRowContext(options);
  const { timeline } = ctx;

  if (options.extraColumn && !present.has(options.extraColumn.table)) {
    throw new Error(`extraColumn: table ${options.extraColumn.table} does not exist in a ${version} file`);
  }
  await rm(path, { force: true });
  const db = engine === 'sql.js' ? await openSqlJsLegacyDatabase(path) : await openBetterSqlite3LegacyDatabase(path);
  try {
    // The legacy gateway never had foreign keys on (sql.js export reset the pragma): deletes do not cascade.
    db.exec('PRAGMA foreign_keys = OFF');
    const tableRows = buildTableRows(ctx);
    const cursors = new Map(LEGACY_TABLES.map((t) => [t.name, peekable(tableRows[t.name])]));
    for (const build of builds) {
      boot(db, build, timeline.bootTime(build));
      for (const table of legacyTableNames(build)) {
        const cursor = cursors.get(table);
        if (cursor)
          insertColumnsOf(
            db,
            table,
            build,
            cursor.takeWhile((placed) => placed.build === build),
          );
      }
    }
    if (options.hostile) plantHostileRows(db, ctx, version, tableRows);
    if (options.extraColumn) addExtraColumn(db, options.extraColumn.table, options.extraColumn.column);
    if (options.extraTable) addExtraTable(db, options.extraTable, timeline.end);
    const summary = summarize(db, path, version, engine, options.extraTable);
    await db.save();
    return { ...summary, bytes: (await stat(path)).size };
  } catch (error) {
    db.discard();
    throw error;
  }
}

function boot(db: LegacyDatabase, build: LegacyVersion, bootTime: number): void {
  for (const statement of legacyBootStatements(build, bootTime)) {
    try {
      db.exec(statement.sql);
    } catch (error) {
      // The legacy boot swallowed the error of an ALTER that an earlier boot had already applied.
      const duplicate = error instanceof Error && /duplicate column name/i.test(error.message);
      if (!(statement.mayAlreadyBeApplied && duplicate)) throw error;
    }
  }
}

/** Inserts with the columns `build` had: values of later columns are not written, as on a real file. */
function insertColumnsOf(
  db: LegacyDatabase,
  table: LegacyTableName,
  build: LegacyVersion,
  rows: Iterable<PlacedRow>,
): void {
  const columns = legacyColumnNames(table, build) ?? [];
  db.insertRows(
    table,
    columns,
    map(rows, (placed) => placed.row),
  );
}

function plantHostileRows(
  db: LegacyDatabase,
  ctx: RowContext,
  version: LegacyVersion,
  tableRows: Readonly<Record<LegacyTableName, Iterable<PlacedRow>>>,
): void {
  const usernames = [...tableRows.users].map((placed) => String(placed.row.username));
  const hostile = buildHostileRows(ctx, usernames);
  for (const table of legacyTableNames(version)) {
    const rows = hostile.rows[table];
    if (rows) db.insertRows(table, legacyColumnNames(table, version) ?? [], rows);
  }
  for (const { table, id } of hostile.deletions) {
    if (legacyTableNames(version).includes(table)) db.exec(`DELETE FROM ${table} WHERE id = ${sqlString(id)}`);
  }
}

function addExtraColumn(db: LegacyDatabase, table: LegacyTableName, column: string): void {
  db.exec(`ALTER TABLE ${quoteIdentifier(table)} ADD COLUMN ${quoteIdentifier(column)} TEXT`);
  db.exec(`UPDATE ${quoteIdentifier(table)} SET ${quoteIdentifier(column)} = 'extra ' || rowid`);
}

function addExtraTable(db: LegacyDatabase, table: string, now: number): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table)} (id TEXT PRIMARY KEY, note TEXT, created_at INTEGER)`);
  const rows: LegacyRow[] = [1, 2, 3].map((n) => ({
    id: `extra-${n}`,
    note: `unknown table row ${n} 🧩`,
    created_at: now,
  }));
  db.insertRows(table, ['id', 'note', 'created_at'], rows);
}

function summarize(
  db: LegacyDatabase,
  path: string,
  version: LegacyVersion,
  engine: LegacyEngine,
  extraTable: string | undefined,
): Omit<LegacyFileSummary, 'bytes'> {
  const inFile = new Set(
    db.queryAll(`SELECT name FROM sqlite_master WHERE type = 'table'`).map((row) => String(row.name)),
  );
  const ordered = [...legacyTableNames(version), 'schema_migrations', ...(extraTable ? [extraTable] : [])];
  const tables = ordered.filter((name) => inFile.has(name));
  const rowCounts = Object.fromEntries(
    tables.map((name) => [name, Number(db.queryAll(`SELECT count(*) AS n FROM ${quoteIdentifier(name)}`)[0]?.n)]),
  );
  return { path, version, engine, tables, rowCounts, danglingReferences: findDanglingReferences(db, version) };
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function* map<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

/** Lets consecutive builds take their share of one lazily generated sequence. */
function peekable<T>(items: Iterable<T>) {
  const iterator = items[Symbol.iterator]();
  let head = iterator.next();
  return {
    *takeWhile(predicate: (item: T) => boolean): Generator<T> {
      while (!head.done && predicate(head.value)) {
        const value = head.value;
        head = iterator.next();
        yield value;
      }
    },
  };
}
