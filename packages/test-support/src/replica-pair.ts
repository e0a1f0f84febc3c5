/**
 * A GTID primary + read replica of a test's own (two private mariadbd instances on loopback ports), for the
 * scale-out tests: the replica may be stopped, killed or held back without touching the run's shared server.
 * The application logs in as a user granted only its database (a user with rights on *.* would bypass the
 * replica's read_only and could break replication); replication itself runs as root.
 */
import { type PrivateMariadb, startPrivateMariadb } from './private-mariadb.js';
import { useStarted } from './use-private-mariadb.js';

export interface ReplicaPair {
  readonly primary: PrivateMariadb;
  readonly replica: PrivateMariadb;
  /** The application's database on both servers. */
  readonly database: string;
  /** The application user's password (a test asserts it never shows in health or errors). */
  readonly password: string;
  /** `mysql://app:<password>@127.0.0.1:<port>/<database>` of the primary or of the replica. */
  appUrl(server: PrivateMariadb): string;
  /** Waits until the replica has applied everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops / starts applying replicated changes on the replica (its lag then grows / shrinks). */
  holdReplication(): Promise<void>;
  resumeReplication(): Promise<void>;
  /** Starts a replica killed with SIGKILL again on the same data; replication resumes where it was. */
  restartReplica(): Promise<void>;
  stop(): Promise<void>;
}

const DATABASE = 'gw_scale_out';
const APP_USER = 'app';
const APP_PASSWORD = 'replica-pair-app-pw-4d1c';

const REPLICATION = ['--binlog-format=ROW', '--gtid-strict-mode=1'];

export async function startReplicaPair(): Promise<ReplicaPair> {
  const primary = await startPrivateMariadb({ serverArgs: [...REPLICATION, '--log-bin=primary-bin', '--server-id=1'] });
  let replica: PrivateMariadb | undefined;
  try {
    replica = await startPrivateMariadb({ serverArgs: [...REPLICATION, '--server-id=2', '--read-only=1'] });
    await replica.admin(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='root', ` +
        `MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
    );
    await replica.admin('START SLAVE');
    // Made on the primary, replicated like everything else.
    await primary.admin(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await primary.admin(`CREATE USER '${APP_USER}'@'127.0.0.1' IDENTIFIED BY '${APP_PASSWORD}'`);
    await primary.admin(`GRANT ALL ON ${DATABASE}.* TO '${APP_USER}'@'127.0.0.1'`);
  } catch (error) {
    await replica?.stop();
    await primary.stop();
    throw error;
  }
  const theReplica = replica;

  const caughtUp = async (timeoutMs = 15_000) => {
    const [row] = await primary.admin('SELECT @@global.gtid_binlog_pos AS pos');
    const position = String(row?.pos ?? '');
    const seconds = timeoutMs / 1000;
    const [waited] = await theReplica.admin(`SELECT MASTER_GTID_WAIT('${position}', ${seconds}) AS result`);
    if (Number(waited?.result) !== 0) {
      const [status] = await theReplica.admin('SHOW SLAVE STATUS');
      throw new Error(
        `the replica did not reach ${position} within ${timeoutMs} ms: IO ${status?.Slave_IO_Running}, ` +
          `SQL ${status?.Slave_SQL_Running}, last error ${status?.Last_Error || status?.Last_IO_Error || 'none'}`,
      );
    }
  };

  return {
    primary,
    replica: theReplica,
    database: DATABASE,
    password: APP_PASSWORD,
    appUrl: (server) => `mysql://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${server.port}/${DATABASE}`,
    caughtUp,
    holdReplication: async () => {
      await theReplica.admin('STOP SLAVE SQL_THREAD');
    },
    resumeReplication: async () => {
      await theReplica.admin('START SLAVE SQL_THREAD');
    },
    restartReplica: async () => {
      await theReplica.restart();
      await theReplica.admin('START SLAVE');
    },
    stop: async () => {
      await theReplica.stop();
      await primary.stop();
    },
  };
}

/** Starts a pair before the tests of the file and stops it after them; returns a getter. */
export function useReplicaPair(): () => ReplicaPair {
  return useStarted('the replica pair', startReplicaPair, { startMs: 120_000, stopMs: 60_000 });
}
