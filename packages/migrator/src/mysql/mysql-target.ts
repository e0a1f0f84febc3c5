/**
 * MySQL/MariaDB as the target. The load runs with FOREIGN_KEY_CHECKS=0 (the pre-flight orphan check replaces it)
 * over several connections that commit in groups, so atomicity comes from the import state marker:
 * a run that dies leaves "copying", and the next run cleans up or resumes. GET_LOCK serialises importers.
 */
import type { Endpoint } from '../endpoint.js';
import { MigrationError, wrapDriverError } from '../errors.js';
import { quoteIdentifier } from '../plan.js';
import type { TargetStore } from '../store.js';
import { type MysqlConnection, checkedQuery, openMysqlConnection } from './mysql-connection.js';
import { createMysqlReader } from './mysql-reader.js';
import { createMysqlTableWriter } from './mysql-table-writer.js';

export interface MysqlTargetOptions {
  /** Parallel INSERT connections (default 2: one batch on the server while the next is encoded). */
  readonly connections?: number;
  /** Target INSERT size in bytes (default 2 MiB), capped by max_allowed_packet. */
  readonly batchBytes?: number;
}

const PACKET_HEADROOM = 64 * 1024;

export async function openMysqlTarget(
  endpoint: Endpoint & { dialect: 'mysql' },
  options: MysqlTargetOptions = {},
): Promise<TargetStore> {
  const config = endpoint.mysql;
  const control = await openMysqlConnection(config, { foreignKeyChecksOff: true });
  const writers: MysqlConnection[] = [];
  try {
    for (let i = 0; i < (options.connections ?? 2); i++) {
      const writer = await openMysqlConnection(config, { foreignKeyChecksOff: true });
      // Batches commit in groups (see mysql-table-writer.ts).
      await writer.query('SET SESSION autocommit = 0');
      writers.push(writer);
    }
  } catch (error) {
    await Promise.all([control, ...writers].map((c) => c.end().catch(() => undefined)));
    throw error;
  }
  const [packetRows] = await control.query('SELECT @@max_allowed_packet AS p');
  const maxPacket = Number((packetRows as { p: unknown }[])[0]?.p ?? 4 * 1024 * 1024);
  const maxStatementBytes = maxPacket - PACKET_HEADROOM;
  const batchBytes = Math.min(options.batchBytes ?? 2 * 1024 * 1024, maxStatementBytes);
  const lockName = `gateway_db_import.${config.database}`.slice(0, 64);
  let locked = false;
  const closeAll = async () => {
    await Promise.all([control, ...writers].map((c) => c.end().catch(() => undefined)));
  };
  const reader = createMysqlReader(control, endpoint, async () => undefined);

  const releaseLock = async () => {
    if (!locked) return;
    locked = false;
    await control.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
  };

  return {
    dialect: 'mysql',
    reader,
    limits: { boundedColumns: true, flagRange: [-128n, 127n], maxStatementBytes },
    async run(sql, params = []) {
      try {
        await control.query(sql, params as unknown[]);
      } catch (error) {
        throw wrapDriverError(error, 'A bookkeeping statement');
      }
    },
    all: (sql, params) => reader.queryRows(sql, params),
    async begin(lockTimeoutSeconds) {
      const [rows] = await control.query('SELECT GET_LOCK(?, ?) AS got', [lockName, Math.round(lockTimeoutSeconds)]);
      if (Number((rows as { got: unknown }[])[0]?.got) !== 1) {
        throw new MigrationError({
          code: 'CONFLICT',
          message: `Another import into ${config.database} is running (lock not free after ${lockTimeoutSeconds}s)`,
        });
      }
      locked = true;
    },
    commit: releaseLock,
    abort: releaseLock,
    async clearTable(table) {
      await checkedQuery(control, `TRUNCATE TABLE ${quoteIdentifier(table)}`, `Emptying ${table}`);
    },
    openTableWriter(table, columns) {
      return createMysqlTableWriter(table, columns, { connections: writers, batchBytes });
    },
    async close() {
      await releaseLock();
      await closeAll();
    },
  };
}
