/**
 * drizzle-kit emits `CREATE TABLE ... ( ... );` without table options. This is the one place that adds them:
 * `pnpm db:generate` runs it over every generated MySQL migration, and `pnpm check:ddl` fails if a CREATE TABLE
 * lacks them. `drizzle-kit push` cannot add them, so its tables take the database's defaults: the pre-flight in
 * drizzle.config.ts (mysql-push-target.ts) makes sure the database defaults to MYSQL_COLLATION before a push.
 */
export const MYSQL_COLLATION = 'utf8mb4_unicode_ci';
export const MYSQL_TABLE_OPTIONS = `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${MYSQL_COLLATION}`;

/** Adds the table options to each CREATE TABLE that has none; running it twice changes nothing. */
export function addMysqlTableOptions(sql: string): string {
  return sql
    .split('--> statement-breakpoint')
    .map((statement) => {
      if (!/^\s*CREATE TABLE/i.test(statement) || statement.includes('ENGINE=')) return statement;
      return statement.replace(/\)\s*;(\s*)$/, `) ${MYSQL_TABLE_OPTIONS};$1`);
    })
    .join('--> statement-breakpoint');
}

/** The names of CREATE TABLE statements missing the options (empty when all are fine). */
export function tablesMissingOptions(sql: string): string[] {
  const missing: string[] = [];
  for (const statement of sql.split('--> statement-breakpoint')) {
    const name = /CREATE TABLE\s+`([^`]+)`/i.exec(statement)?.[1];
    if (name !== undefined && !statement.includes(MYSQL_TABLE_OPTIONS)) missing.push(name);
  }
  return missing;
}
