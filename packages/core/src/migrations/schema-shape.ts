/**
 * A dialect-neutral description of tables, precise enough to say "these tables are exactly what the migrations
 * create": built from drizzle-kit's snapshot on one side (snapshot-shape.ts) and from the live database on the
 * other (mysql-schema-reader.ts, sqlite-schema-reader.ts), then compared here. Both sides go through the same
 * canonical forms below, so server quirks (display widths, quoted defaults, BOOLEAN = TINYINT(1)) do not count.
 */
export interface ColumnShape {
  readonly type: string;
  readonly notNull: boolean;
  /** The DEFAULT as an SQL literal (`0`, `'pending'`), booleans as 1/0; undefined when there is none. */
  readonly default: string | undefined;
  /** MySQL text columns: their collation. Undefined elsewhere. */
  readonly collation: string | undefined;
}

export interface IndexShape {
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface TableShape {
  readonly columns: ReadonlyMap<string, ColumnShape>;
  readonly primaryKey: readonly string[];
  /** By name; SQLite's unnamed UNIQUE constraints as `unique(a,b)`. */
  readonly indexes: ReadonlyMap<string, IndexShape>;
  /** Indexes InnoDB added by itself for a foreign key: not a difference unless the schema names one. */
  readonly implicitIndexes: ReadonlySet<string>;
  /** `[name: ](a) -> t(id) ON DELETE SET NULL ON UPDATE NO ACTION` (SQLite keys have no name). */
  readonly foreignKeys: ReadonlySet<string>;
  /** MySQL: the engine and default collation the DDL gives the table; undefined when it says nothing. */
  readonly engine: string | undefined;
  readonly collation: string | undefined;
}

export type SchemaShape = ReadonlyMap<string, TableShape>;

export interface SchemaDifference {
  readonly table: string;
  readonly problem: string;
  /** `collation` differences have their own fix (ALTER TABLE ... CONVERT TO), which needs `expected`. */
  readonly kind: 'missing-table' | 'collation' | 'other';
  readonly expected?: string;
}

/** Lower case; BOOLEAN as TINYINT(1); integer display widths (MariaDB's bigint(20)) dropped. */
export function canonicalType(type: string): string {
  const lower = type.trim().toLowerCase().replace(/\s+/g, ' ');
  if (lower === 'boolean' || lower === 'bool') return 'tinyint(1)';
  if (lower.startsWith('tinyint(1)')) return lower;
  return lower.replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, '$1');
}

/** MySQL types whose values carry a collation. */
export function isTextType(canonical: string): boolean {
  return /^(var)?char\(|^(tiny|medium|long)?text$|^(enum|set)\(/.test(canonical);
}

/** A default as drizzle-kit's snapshot or SQLite's PRAGMA spells it, in the canonical literal form. */
export function canonicalDefault(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = String(value).trim();
  if (/^true$/i.test(text)) return '1';
  if (/^false$/i.test(text)) return '0';
  return text;
}

export function foreignKeyText(key: {
  name: string | undefined;
  columns: readonly string[];
  table: string;
  references: readonly string[];
  onDelete: string;
  onUpdate: string;
}): string {
  const name = key.name === undefined ? '' : `${key.name}: `;
  const rule = (text: string) => text.trim().toUpperCase();
  return `${name}(${key.columns.join(', ')}) -> ${key.table}(${key.references.join(', ')}) ON DELETE ${rule(key.onDelete)} ON UPDATE ${rule(key.onUpdate)}`;
}

const describeDefault = (value: string | undefined) => value ?? 'none';
const list = (columns: readonly string[]) => `(${columns.join(', ')})`;
const describeIndex = (index: IndexShape) => `${index.unique ? 'UNIQUE ' : ''}${list(index.columns)}`;

function columnDifferences(table: string, expected: TableShape, actual: TableShape): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const other = (problem: string) => out.push({ table, problem, kind: 'other' });
  for (const [name, want] of expected.columns) {
    const have = actual.columns.get(name);
    if (!have) {
      other(`column ${name} is missing`);
      continue;
    }
    if (have.type !== want.type) other(`column ${name} is ${have.type}, expected ${want.type}`);
    if (have.notNull !== want.notNull)
      other(
        `column ${name} is ${have.notNull ? 'NOT NULL' : 'nullable'}, expected ${want.notNull ? 'NOT NULL' : 'nullable'}`,
      );
    if (have.default !== want.default)
      other(`column ${name} has default ${describeDefault(have.default)}, expected ${describeDefault(want.default)}`);
    if (want.collation !== undefined && have.collation !== want.collation) {
      out.push({
        table,
        kind: 'collation',
        expected: want.collation,
        problem: `column ${name} has collation ${have.collation ?? 'none'}, expected ${want.collation}`,
      });
    }
  }
  for (const name of actual.columns.keys())
    if (!expected.columns.has(name)) other(`column ${name} is not in the schema`);
  return out;
}

function keyDifferences(table: string, expected: TableShape, actual: TableShape): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  const other = (problem: string) => out.push({ table, problem, kind: 'other' });
  if (list(actual.primaryKey) !== list(expected.primaryKey)) {
    other(`primary key is ${list(actual.primaryKey)}, expected ${list(expected.primaryKey)}`);
  }
  for (const [name, want] of expected.indexes) {
    const have = actual.indexes.get(name);
    if (!have) other(`index ${name} is missing`);
    else if (describeIndex(have) !== describeIndex(want))
      other(`index ${name} is ${describeIndex(have)}, expected ${describeIndex(want)}`);
  }
  for (const name of actual.indexes.keys()) {
    if (!expected.indexes.has(name) && !actual.implicitIndexes.has(name)) other(`index ${name} is not in the schema`);
  }
  for (const key of expected.foreignKeys) if (!actual.foreignKeys.has(key)) other(`foreign key ${key} is missing`);
  for (const key of actual.foreignKeys)
    if (!expected.foreignKeys.has(key)) other(`foreign key ${key} is not in the schema`);
  return out;
}

/** What keeps `actual` from being exactly `expected`; tables that only `actual` has are not looked at. */
export function schemaDifferences(expected: SchemaShape, actual: SchemaShape): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  for (const [table, want] of expected) {
    const have = actual.get(table);
    if (!have) {
      out.push({ table, problem: 'table is missing', kind: 'missing-table' });
      continue;
    }
    if (want.engine !== undefined && have.engine?.toLowerCase() !== want.engine.toLowerCase()) {
      out.push({ table, problem: `engine is ${have.engine ?? 'unknown'}, expected ${want.engine}`, kind: 'other' });
    }
    if (want.collation !== undefined && have.collation !== want.collation) {
      out.push({
        table,
        kind: 'collation',
        expected: want.collation,
        problem: `table collation is ${have.collation ?? 'none'}, expected ${want.collation}`,
      });
    }
    out.push(...columnDifferences(table, want, have), ...keyDifferences(table, want, have));
  }
  return out;
}
