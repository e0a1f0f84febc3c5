/**
 * A MariaDB/MySQL login with a real password (the test server's root has none), so tests can prove the password
 * never shows up anywhere. The user may use only its own test database; it is dropped with the database.
 */
import { createMysqlTestDatabase } from '@gateway-db/test-support';
import mysql from 'mysql2/promise';

export interface MysqlSecretUser {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  drop(): Promise<void>;
}

export async function createMysqlSecretUser(password: string, label = 'sec'): Promise<MysqlSecretUser> {
  const database = await createMysqlTestDatabase(label);
  const user = `gwsec_${process.pid}_${label}`.slice(0, 32);
  const admin = () =>
    mysql.createConnection({
      host: database.host,
      port: database.port,
      user: database.user,
      password: database.password,
    });
  const connection = await admin();
  try {
    // Identifiers and the password are test constants (letters, digits, _ -): quoting them is enough here.
    await connection.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await connection.query(`CREATE USER '${user}'@'%' IDENTIFIED BY ${connection.escape(password)}`);
    await connection.query(`GRANT ALL PRIVILEGES ON \`${database.database}\`.* TO '${user}'@'%'`);
  } finally {
    await connection.end();
  }
  return {
    host: database.host,
    port: database.port,
    user,
    password,
    database: database.database,
    drop: async () => {
      const cleanup = await admin();
      try {
        await cleanup.query(`DROP USER IF EXISTS '${user}'@'%'`);
      } finally {
        await cleanup.end();
      }
      await database.drop();
    },
  };
}
