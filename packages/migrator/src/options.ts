/** The options of `migrate()`, shared by the CLI and the start-up import. */
import type { Endpoint } from './endpoint.js';
import type { Logger } from './logger.js';
import type { ProgressListener } from './progress.js';

/**
 * What to do with a reference to a row that does not exist (legacy files never enforced foreign keys):
 * - `keep` (default): copy the row exactly as it is and report the reference;
 * - `set-null`: copy NULL instead, for nullable columns (a data change, so it must be asked for by name);
 * - `refuse`: fail before the first write.
 */
export type DanglingPolicy = 'keep' | 'set-null' | 'refuse';

export const DANGLING_POLICIES: readonly DanglingPolicy[] = ['keep', 'set-null', 'refuse'];

export interface MigrateOptions {
  /** `sqlite:PATH` or `mysql://user:pass@host:port/db` (or `mariadb://`, or the parsed `Endpoint`). */
  readonly from: string | Endpoint;
  /** `sqlite:PATH` or `mysql://user:pass@host:port/db` (or `mariadb://`, or the parsed `Endpoint`). */
  readonly to: string | Endpoint;
  /**
   * Split stores (LOG_DB_URL): where the request logs (`api_requests`, `expert_routing_logs` and their rollups) go,
   * while every other table goes to `to`. Default: with `to` (one store).
   */
  readonly logTo?: string | Endpoint;
  /**
   * Split stores: where the request logs are read from, while every other table is read from `from` (e.g. back to
   * one SQLite file from a main and a log store). Default: from `from`.
   */
  readonly logFrom?: string | Endpoint;
  /** Read and check everything, write nothing. Default false. */
  readonly dryRun?: boolean;
  /** Only compare the two stores (counts and checksums). Default false. */
  readonly verifyOnly?: boolean;
  /** Continue an interrupted import of the same source into a MySQL target. Default false. */
  readonly resume?: boolean;
  /** Empty the target's tables first when they hold data. Default false: a non-empty target is refused. */
  readonly replace?: boolean;
  /** Write the report as JSON to this file. Default: no file. */
  readonly reportFile?: string;
  /**
   * Do nothing (and say why in the report's notes) when the target already holds data, instead of refusing.
   * The start-up import uses it. Default false.
   */
  readonly onlyIfEmpty?: boolean;
  /**
   * Start an interrupted import found in the target over only when it came from this very source (same endpoint
   * and fingerprint: for a file its path, size, mtime and header); otherwise refuse (LEGACY_FILE) and say what to
   * run. The start-up import uses it: it runs unattended, and an old legacy file must not replace the leftovers
   * of an interrupted `pnpm migrate` from a newer source. Default false: `pnpm migrate` starts over from the source
   * it is told.
   */
  readonly startOverOnlyFromSameSource?: boolean;
  /** Unknown tables (`name`) or columns (`table.column`) of the source to leave out instead of refusing. */
  readonly leaveOut?: readonly string[];
  /** Default `keep`. */
  readonly danglingPolicy?: DanglingPolicy;
  /**
   * Text whose stored bytes are not UTF-8 (the legacy logger's cut emoji): by default it is migrated as the text the
   * gateway read from it (each bad byte sequence as U+FFFD), and every changed row and column is listed in the
   * report and the log; `true` refuses the migration instead. Default false.
   */
  readonly strictText?: boolean;
  /**
   * Copy the legacy file to `backupDir/gateway.db.backup.{timestamp}` after a verified import from a legacy file.
   * Default `backup/` beside the legacy file (`./data/backup` for `./data/gateway.db`); `false` skips the copy.
   */
  readonly backupDir?: string | false;
  /** Seconds to wait for another import holding the target's lock. Default 10. */
  readonly lockTimeoutSeconds?: number;
  /** Parallel INSERT connections on a MySQL target. Default 2. */
  readonly mysqlConnections?: number;
  /** Target INSERT size in bytes on MySQL (capped by max_allowed_packet). Default 2 MiB. */
  readonly batchBytes?: number;
  /** Default: the console with the `[Migration]` prefix. */
  readonly logger?: Logger;
  /** Default: none (the CLI passes a bar on a TTY, log lines otherwise). */
  readonly progress?: ProgressListener;
  /**
   * Stops the run at the next batch boundary when aborted (the CLI aborts it on Ctrl-C and SIGTERM): the copy
   * commits the rows it wrote and records the key it stopped after, and `migrate()` fails with `INTERRUPTED`;
   * `report.resumable` then says whether `resume` continues it. Default: none.
   */
  readonly signal?: AbortSignal;
}
