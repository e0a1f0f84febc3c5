import { createTestDatabase, type TestDatabase } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import type { Dialect } from '../../src/index.js';
import { applyToMysql, applyToSqlite } from './apply-generated-ddl.js';

export interface OpenedSqlite {
  readonly dialect: 'sqlite';
  readonly db: Database.Database;
  readonly test: TestDatabase;
  close(): Promise<void>;
}

export interface OpenedMysql {
  readonly dialect: 'mysql';
  readonly connection: mysql.Connection;
  readonly database: string;
  readonly test: TestDatabase;
  close(): Promise<void>;
}

/** A fresh database of the dialect with the generated DDL applied. */
export async function openStoreWithSchema(dialect: Dialect): Promise<OpenedSqlite | OpenedMysql> {
  const test = await createTestDatabase(dialect, 'schema');
  if (dialect === 'sqlite') {
    const db = new Database(test.sqlitePath ?? '');
    db.pragma('foreign_keys = ON');
    applyToSqlite(db);
    return {
      dialect,
      db,
      test,
      close: async () => {
        db.close();
        await test.drop();
      },
    };
  }
  const server = test.mysql;
  if (!server) throw new Error('no MySQL test database');
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: server.database,
    charset: 'utf8mb4_unicode_ci',
    multipleStatements: false,
  });
  await applyToMysql(connection);
  return {
    dialect,
    connection,
    database: server.database,
    test,
    close: async () => {
      await connection.end();
      await test.drop();
    },
  };
}
