/**
 * MySQL/MariaDB as the target. The load runs with FOREIGN_KEY_CHECKS=0 (the pre-flight orphan check replaces it)
 * over several connections that commit in groups, so atomicity comes from the import state marker:
 * a run that dies leaves "copying", and the next run cleans up or resumes. GET_LOCK serialises importers.
 */
import type { Endpoint } from '../endpoint.js';
import { MigrationError, wrapDriverError } from '../errors.js';
import type { TargetStore } from '../store.js';
import { mysqlClient } from './mysql-client.js';
import { connectionRunner, type MysqlConnection, openMigratorConnection } from './mysql-connection.js';
import { createMysqlReader } from './mysql-reader.js';
import { createMysqlTableWriter } from './mysql-table-writer.js';

export interface MysqlTargetOptions {
  /** Parallel INSERT connections (default 2: one batch on the server while the next is encoded). */
  readonly connections?: number;
  /** Target INSERT size in bytes (default 2 MiB), capped by max_allowed_packet. */
  readonly batchBytes?: number;
}

const PACKET_HEADROOM = 64 * 1024;

/** A server variable or function, not a table: these stay SQL. */
async function scalar(connection: MysqlConnection, sql: string, params: unknown[], what: string): Promise<unknown> {
  try {
    const [rows] = await connection.query({ sql, values: params, rowsAsArray: true });
    return (rows as unknown[][])[0]?.[0];
  } catch (error) {
    throw wrapDriverError(error, what);
  }
}

export async function openMysqlTarget(
  endpoint: Endpoint & { dialect: 'mysql' },
  options: MysqlTargetOptions = {},
): Promise<TargetStore> {
  const config = endpoint.mysql;
  const control = await openMigratorConnection(config, { foreignKeyChecksOff: true });
  const writers: MysqlConnection[] = [];
  const closeAll = async () => {
    await Promise.all([control, ...writers].map((c) => c.end().catch(() => undefined)));
  };
  let maxPacket: number;
  try {
    for (let i = 0; i < (options.connections ?? 2); i++) {
      const writer = await openMigratorConnection(config, { foreignKeyChecksOff: true });
      writers.push(writer);
      // Batches commit in groups (see mysql-table-writer.ts).
      await writer.query('SET SESSION autocommit = 0');
    }
    maxPacket = Number(
      (await scalar(control, 'SELECT @@max_allowed_packet', [], 'Reading max_allowed_packet')) ?? 4 * 1024 * 1024,
    );
  } catch (error) {
    await closeAll();
    throw wrapDriverError(error, 'Opening the MySQL writers');
  }
  const maxStatementBytes = maxPacket - PACKET_HEADROOM;
  const batchBytes = Math.min(options.batchBytes ?? 2 * 1024 * 1024, maxStatementBytes);
  const lockName = `gateway_db_import.${config.database}`.slice(0, 64);
  let locked = false;
  const client = mysqlClient(connectionRunner(control));
  const reader = createMysqlReader(control, client, endpoint, async () => undefined);

  const releaseLock = async () => {
    if (!locked) return;
    locked = false;
    await control.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
  };

  return {
    dialect: 'mysql',
    reader,
    client,
    limits: { mysqlColumns: true, maxStatementBytes, keepsTextBytes: false },
    async begin(lockTimeoutSeconds) {
      const got = await scalar(
        control,
        'SELECT GET_LOCK(?, ?)',
        [lockName, Math.round(lockTimeoutSeconds)],
        'Taking the import lock',
      );
      if (Number(got) !== 1) {
        throw new MigrationError({
          code: 'CONFLICT',
          message: `Another import into ${config.database} is running (lock not free after ${lockTimeoutSeconds}s)`,
        });
      }
      locked = true;
    },
    commit: releaseLock,
    abort: releaseLock,
    openTableWriter(plan) {
      return createMysqlTableWriter(plan, { connections: writers, batchBytes });
    },
    async close() {
      await releaseLock();
      await closeAll();
    },
  };
}
