/**
 * Reads the committed, drizzle-kit generated DDL of a dialect: `meta/_journal.json` lists the migrations in order,
 * each `NNNN_tag.sql` holds statements separated by `--> statement-breakpoint`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayDbError } from '../errors.js';

export interface Migration {
  readonly tag: string;
  /** sha256 of the file, to notice a migration that was edited after it was applied. */
  readonly hash: string;
  readonly statements: readonly string[];
}

const BREAKPOINT = '--> statement-breakpoint';

function journalTags(folder: string): string[] {
  const journalPath = join(folder, 'meta', '_journal.json');
  let journal: unknown;
  try {
    journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  } catch (cause) {
    throw new GatewayDbError({ code: 'MIGRATION', message: `Cannot read the migration journal ${journalPath}`, cause });
  }
  const entries = (journal as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) {
    throw new GatewayDbError({
      code: 'MIGRATION',
      message: `The migration journal ${journalPath} has no entries list`,
    });
  }
  return entries.map((entry: { tag?: unknown }) => {
    if (typeof entry.tag !== 'string') {
      throw new GatewayDbError({ code: 'MIGRATION', message: `An entry of ${journalPath} has no tag` });
    }
    return entry.tag;
  });
}

export function splitStatements(sql: string): string[] {
  return sql
    .split(BREAKPOINT)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

function readSql(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new GatewayDbError({ code: 'MIGRATION', message: `Migration file ${path} is missing`, cause });
  }
}

/**
 * The migrations of `folder`, in journal order. A file of the same name in `inPlaceFolder` supplies the statements
 * run instead (see inPlaceMigrationsFolder); the hash stays the committed file's, the migration it stands for.
 */
export function readMigrations(folder: string, inPlaceFolder?: string): Migration[] {
  return journalTags(folder).map((tag) => {
    const text = readSql(join(folder, `${tag}.sql`));
    const inPlace = inPlaceFolder === undefined ? undefined : join(inPlaceFolder, `${tag}.sql`);
    const run = inPlace !== undefined && existsSync(inPlace) ? readSql(inPlace) : text;
    return { tag, hash: createHash('sha256').update(text).digest('hex'), statements: splitStatements(run) };
  });
}
