/**
 * A fresh, empty database per test file on each dialect, so runs and files never interfere:
 * MySQL: `<prefix><run>_<pid>_<n>_<label>` created with utf8mb4_unicode_ci and dropped at the end;
 * SQLite: a real file in a `<prefix><label>-` temporary folder, removed at the end.
 * The prefix is TEST_DB_PREFIX (default `gwtest_`, see test-prefix.ts), read once by the global setup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '@gateway-db/schema';
import mysql from 'mysql2/promise';
import { inject } from 'vitest';
import type { MysqlServer } from './mysql-server.js';

export interface MysqlTestDatabase extends MysqlServer {
  readonly database: string;
  /** mysql://user:pass@host:port/database */
  readonly url: string;
}

export interface TestDatabase {
  readonly dialect: Dialect;
  /** Set for sqlite: the database file path (not created yet). */
  readonly sqlitePath?: string;
  /** Set for mysql. */
  readonly mysql?: MysqlTestDatabase;
  /** Removes the database; safe to call twice. */
  drop(): Promise<void>;
}

let counter = 0;

/** The MySQL server of this run, or an error naming how to provide one (the test then fails). */
export function requireMysqlServer(): MysqlServer {
  const server = inject('mysqlServer');
  if ('error' in server) throw new Error(server.error);
  return server;
}

/** A database name no other test, file or run uses, with this run's prefix; for tests that create one themselves. */
export function testDatabaseName(label = 'db'): string {
  // What makes the name unique comes before the label, so cutting a long label to MySQL's 64 characters keeps it so.
  return `${inject('testDatabasePrefix')}${inject('testRunId')}_${process.pid}_${counter++}_${label}`.slice(0, 64);
}

export async function createMysqlTestDatabase(label = 'db'): Promise<MysqlTestDatabase & { drop(): Promise<void> }> {
  const server = requireMysqlServer();
  const database = testDatabaseName(label);
  const admin = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  try {
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const auth = `${encodeURIComponent(server.user)}${server.password ? `:${encodeURIComponent(server.password)}` : ''}`;
  return {
    ...server,
    database,
    url: `mysql://${auth}@${server.host}:${server.port}/${database}`,
    drop: async () => {
      const conn = await mysql.createConnection({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
      });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await conn.end();
      }
    },
  };
}

export function createSqliteTestPath(label = 'db'): { path: string; drop(): Promise<void> } {
  const folder = mkdtempSync(join(tmpdir(), `${inject('testDatabasePrefix')}${label}-`));
  return {
    path: join(folder, `${label}.sqlite`),
    drop: async () => rmSync(folder, { recursive: true, force: true }),
  };
}

export async function createTestDatabase(dialect: Dialect, label = 'db'): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const file = createSqliteTestPath(label);
    return { dialect, sqlitePath: file.path, drop: file.drop };
  }
  const { drop, ...db } = await createMysqlTestDatabase(label);
  return { dialect, mysql: db, drop };
}
