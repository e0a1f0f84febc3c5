/**
 * The neutral description of one column. Each table is written once with these specs; `sqlite.ts` and `mysql.ts`
 * turn them into Drizzle columns through `column-kinds.ts`.
 */

/**
 * Logical kinds. Each kind is chosen for what the legacy file can hold, not for what the app usually writes:
 * - `key`: identifiers and secrets compared byte for byte (ids, foreign keys, key_value, key_hash, username).
 *   On MySQL a VARBINARY, because every utf8mb4 collation either folds case (`_ci`) or ignores trailing spaces
 *   (`utf8mb4_bin` is PAD SPACE in MySQL 8.0), and SQLite does neither.
 * - `text`: unbounded text (JSON, bodies, chat histories): LONGTEXT on MySQL.
 * - `label`: short text that MySQL must index or give a default (status, type, ...): VARCHAR on MySQL.
 * - `integer`: 64-bit integers (tokens, counts, ports, priorities).
 * - `timestamp`: ms since the epoch, 13 digits: 64-bit integer.
 * - `duration`: ms, where legacy files hold REAL values too: DOUBLE on MySQL so 12.5 stays 12.5.
 * - `flag`: 0/1 in the file, a boolean in rows.
 */
export type ColumnKind = 'key' | 'text' | 'label' | 'integer' | 'timestamp' | 'duration' | 'flag';

export type OnDelete = 'cascade' | 'set null';

export interface ForeignKeySpec {
  /** The referenced table; the referenced column is always its `id`. */
  readonly table: string;
  readonly onDelete: OnDelete;
}

export interface ColumnSpec {
  readonly kind: ColumnKind;
  readonly primaryKey?: true;
  readonly notNull?: true;
  readonly default?: string | number | boolean;
  /** `key` only: the largest value in UTF-8 bytes that MySQL can store and index. */
  readonly maxBytes?: number;
  /** `label` only: the largest value in characters MySQL can store. */
  readonly maxChars?: number;
  readonly references?: ForeignKeySpec;
  /**
   * A plain column naming a row of this table (its `id`) that may since have been deleted: no foreign key. Log
   * tables keep their history this way: a log row is never refused, nulled or deleted because of the row it names.
   */
  readonly refersTo?: string;
}

/** The widest key InnoDB can index (DYNAMIC row format): 3072 bytes. */
export const MAX_INDEX_BYTES = 3072;
/** Nanoid ids are 21 characters; 255 bytes leaves room for hand-made ids and keeps composite indexes possible. */
export const DEFAULT_KEY_BYTES = 255;
export const DEFAULT_LABEL_CHARS = 255;

type Options = Omit<ColumnSpec, 'kind'>;

function column<K extends ColumnKind>(kind: K) {
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the "no options given" default of a spread-typed builder.
  return <const O extends Options = {}>(options?: O): { readonly kind: K } & O =>
    ({ kind, ...options }) as { readonly kind: K } & O;
}

/** Constructors for column specs: `col.key({ primaryKey: true })`, `col.flag({ default: true })`. */
export const col = {
  key: column('key'),
  text: column('text'),
  label: column('label'),
  integer: column('integer'),
  timestamp: column('timestamp'),
  duration: column('duration'),
  flag: column('flag'),
};
