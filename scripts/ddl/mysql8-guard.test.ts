import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMysqlTableOptions, MYSQL_TABLE_OPTIONS, tablesMissingOptions } from './mysql-table-options.js';
import { checkMysql8Ddl } from './mysql8-guard.js';
import { DDL_ROOT, sqlFiles } from './run-drizzle-kit.js';

const table = (body: string) => `CREATE TABLE \`t\` (\n${body}\n) ${MYSQL_TABLE_OPTIONS};`;
const join2 = (...statements: string[]) => statements.join('\n--> statement-breakpoint\n');

describe('MySQL 8.0 DDL guard', () => {
  it('accepts the committed MySQL DDL', () => {
    const sql = sqlFiles(join(DDL_ROOT, 'mysql'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n--> statement-breakpoint\n');
    expect(checkMysql8Ddl(sql)).toEqual([]);
  });

  it('rejects an index on a TEXT column without a prefix length', () => {
    const sql = join2(table('\t`body` longtext'), 'CREATE INDEX `ix_body` ON `t` (`body`);');
    expect(checkMysql8Ddl(sql)).toEqual([
      { table: 't', problem: 'key ix_body on longtext column body needs a prefix length' },
    ]);
  });

  it('accepts an index on a TEXT column with a prefix length within 3072 bytes', () => {
    expect(checkMysql8Ddl(join2(table('\t`body` text'), 'CREATE INDEX `ix_body` ON `t` (`body`(191));'))).toEqual([]);
  });

  it('rejects a UNIQUE constraint on a TEXT column', () => {
    const sql = table('\t`name` text NOT NULL,\n\tCONSTRAINT `t_name_unique` UNIQUE(`name`)');
    expect(checkMysql8Ddl(sql).map((p) => p.problem)).toEqual([
      'key t_name_unique on text column name needs a prefix length',
    ]);
  });

  it('rejects a key wider than 3072 bytes', () => {
    const sql = join2(
      table('\t`a` varchar(500),\n\t`b` varchar(300)'),
      'CREATE UNIQUE INDEX `ix_ab` ON `t` (`a`,`b`);',
    );
    expect(checkMysql8Ddl(sql).map((p) => p.problem)).toEqual(["key ix_ab is 3200 bytes, over MySQL's 3072"]);
  });

  it('accepts a VARBINARY(3072) primary key, exactly at the limit', () => {
    expect(checkMysql8Ddl(table('\t`id` varbinary(3072) NOT NULL,\n\tCONSTRAINT `t_id` PRIMARY KEY(`id`)'))).toEqual(
      [],
    );
  });

  it('rejects a default on a TEXT column', () => {
    expect(checkMysql8Ddl(table("\t`status` text DEFAULT 'pending'")).map((p) => p.problem)).toEqual([
      'column status is text with a DEFAULT',
    ]);
  });

  it('rejects an index name over 64 characters', () => {
    const name = 'x'.repeat(65);
    const sql = join2(table('\t`a` bigint'), `CREATE INDEX \`${name}\` ON \`t\` (\`a\`);`);
    expect(checkMysql8Ddl(sql).map((p) => p.problem)).toEqual([`key name ${name} is over 64 characters`]);
  });
});

describe('MySQL table options', () => {
  const bare = 'CREATE TABLE `a` (\n\t`id` bigint\n);\n--> statement-breakpoint\nCREATE INDEX `i` ON `a` (`id`);';

  it('adds InnoDB, utf8mb4 and utf8mb4_unicode_ci to every CREATE TABLE, once', () => {
    const once = addMysqlTableOptions(bare);
    expect(once).toContain(`) ${MYSQL_TABLE_OPTIONS};`);
    expect(addMysqlTableOptions(once)).toBe(once);
    expect(tablesMissingOptions(once)).toEqual([]);
  });

  it('names the tables that lack them', () => {
    expect(tablesMissingOptions(bare)).toEqual(['a']);
  });
});
