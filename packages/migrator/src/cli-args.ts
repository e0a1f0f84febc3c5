/** Parses the `pnpm migrate` command line into `MigrateOptions` (defaults resolved by cli.ts). */
import { parseArgs } from 'node:util';
import { MigrationError } from './errors.js';
import { DANGLING_POLICIES, type DanglingPolicy, type MigrateOptions } from './options.js';
import { maskCredentials } from './resume-hint.js';

export const USAGE = `pnpm migrate [--from SRC] [--to DST] [--log-from SRC] [--log-to DST] [--dry-run] [--verify-only] [--resume|--replace] [--report FILE]
              [--leave-out TABLE|TABLE.COLUMN ...] [--dangling keep|set-null|refuse] [--backup-dir DIR|--no-backup]
              [--strict-text] [--connections N] [--batch-bytes N] [--quiet] [--log-file FILE]
              [--progress-interval SECONDS] [--help] [--version]
  SRC, DST: sqlite:PATH or mysql://user:pass@host:port/db (mariadb://... too)
  defaults: --from sqlite:$DB_PATH (./data/gateway.db), --to the configured store (DB_DIALECT, MYSQL_*, SQLITE_PATH)
            and then --log-to the configured log store (LOG_DB_URL), if any`;

/** `--help`: what each option does, then examples. */
export const HELP = `Copies every row of a gateway store into another, in foreign-key order, and verifies the copy.

${USAGE}

Options:
  --from SRC              where the rows come from (default: the legacy file, sqlite:$DB_PATH)
  --to DST                where they go (default: the store gateway-db is configured for)
  --log-to DST            split stores: the request logs (api_requests, expert_routing_logs and their rollups) go
                          to DST, every other table to --to (default: with --to; without --to, the configured
                          LOG_DB_URL when set)
  --log-from SRC          split stores: the request logs are read from SRC, every other table from --from (e.g.
                          back to one SQLite file from a main and a log store; default: with --from)
  --dry-run               read and check everything, print the plan and the findings; write nothing
  --verify-only           only compare SRC and DST (row counts and checksums); write nothing
  --resume                continue an interrupted import of the same source: tables already copied are kept, the
                          table in progress continues after its last committed row (MySQL: after any crash;
                          SQLite: after Ctrl-C or SIGTERM, since a crash rolls the whole import back)
  --replace               empty the target's tables first when they hold data (default: a non-empty target is
                          refused)
  --report FILE           also write the report as JSON to FILE
  --leave-out NAME        leave out an unknown table (NAME) or column (TABLE.COLUMN) of the source instead of
                          refusing (repeat, or comma-separated); known tables and columns are never left out
  --dangling POLICY       config tables' references to rows that do not exist: keep (default: copied as they are
                          and reported), set-null (NULL instead, nullable columns only), refuse (fail before the
                          first write); log rows naming deleted keys or providers are history, always kept
  --strict-text           refuse text whose stored bytes are not UTF-8 (default: migrate it as the gateway read
                          it, each bad byte sequence as U+FFFD, and list every changed row and column)
  --backup-dir DIR        after a verified import from a legacy file, copy that file to DIR (default: backup/
                          beside it, ./data/backup for ./data/gateway.db)
  --no-backup             skip that copy
  --connections N         parallel INSERT connections on a MySQL target (default 2)
  --batch-bytes N         target INSERT size in bytes on MySQL, capped by max_allowed_packet (default 2 MiB)
  -q, --quiet             only warnings, errors and the final report; no progress
  --log-file FILE         also append every [Migration] line to FILE, each with a timestamp
  --progress-interval S   when not on a terminal, print a [Migration] progress line at most every S seconds per
                          table (default 2); on a terminal a bar is redrawn in place instead
  -h, --help              this text
  --version               the migrator's version

Exit codes: 0 copied and verified (or nothing to do), 1 refused or failed (the report says why), 2 bad arguments,
130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM.
Ctrl-C or SIGTERM stops at the next batch: the rows copied so far are committed and the command that continues
them is printed (the same arguments with --resume, passwords masked); a second Ctrl-C quits at once.
The source is never modified. A failed or interrupted run leaves nothing that blocks the next one: its message
says what to run (usually the same command with --resume or --replace).

Examples:
  pnpm migrate                                                  # legacy ./data/gateway.db into the configured store
  pnpm migrate --dry-run --from sqlite:./data/gateway.db --to mysql://gw:pw@db:3306/llm_gateway
  pnpm migrate --from mysql://gw:pw@db:3306/llm_gateway --to sqlite:./data/rollback.sqlite   # back to SQLite
  pnpm migrate --verify-only --from sqlite:./data/gateway.db --to mysql://gw:pw@db:3306/llm_gateway
  pnpm migrate --resume --to mysql://gw:pw@db:3306/llm_gateway  # after an interrupted run
  pnpm migrate --to mysql://gw:pw@db:3306/llm_gateway --log-to mysql://gw:pw@logdb:3306/llm_logs   # split stores
  pnpm migrate --from mysql://gw:pw@db:3306/llm_gateway --log-from mysql://gw:pw@logdb:3306/llm_logs \\
               --to sqlite:./data/rollback.sqlite           # split stores back to one SQLite file`;

export type ParsedArgs = Omit<MigrateOptions, 'from' | 'to' | 'logFrom' | 'logTo'> & {
  from?: string;
  to?: string;
  logFrom?: string;
  logTo?: string;
  help: boolean;
  version: boolean;
  /** Only warnings, errors and the final report on the terminal; no progress. */
  quiet: boolean;
  /** Every `[Migration]` line also goes to this file, with a timestamp. */
  logFile?: string;
  /** Not on a terminal: at most one progress line per table this often. */
  progressIntervalMs?: number;
};

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new MigrationError({ code: 'CONFIG', message: `--${name} must be a positive integer` });
  return value;
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by the parseArgs call below (its options are the type).
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        'log-from': { type: 'string' },
        'log-to': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'verify-only': { type: 'boolean' },
        resume: { type: 'boolean' },
        replace: { type: 'boolean' },
        report: { type: 'string' },
        'leave-out': { type: 'string', multiple: true },
        dangling: { type: 'string' },
        'strict-text': { type: 'boolean' },
        'backup-dir': { type: 'string' },
        'no-backup': { type: 'boolean' },
        connections: { type: 'string' },
        'batch-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'log-file': { type: 'string' },
        'progress-interval': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new MigrationError({ code: 'CONFIG', message: `${argumentProblem(error)}\n${USAGE}` });
  }
  const dangling = values.dangling ?? 'keep';
  if (!(DANGLING_POLICIES as readonly string[]).includes(dangling)) {
    throw new MigrationError({ code: 'CONFIG', message: `--dangling must be one of ${DANGLING_POLICIES.join(', ')}` });
  }
  const connections = positiveInteger('connections', values.connections);
  const batchBytes = positiveInteger('batch-bytes', values['batch-bytes']);
  const interval = values['progress-interval'];
  if (interval !== undefined && !(Number(interval) > 0))
    throw new MigrationError({ code: 'CONFIG', message: '--progress-interval must be a positive number of seconds' });
  return {
    help: values.help === true,
    version: values.version === true,
    quiet: values.quiet === true,
    ...(values['log-file'] !== undefined ? { logFile: values['log-file'] } : {}),
    ...(interval !== undefined ? { progressIntervalMs: Number(interval) * 1000 } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    ...(values['log-from'] !== undefined ? { logFrom: values['log-from'] } : {}),
    ...(values['log-to'] !== undefined ? { logTo: values['log-to'] } : {}),
    dryRun: values['dry-run'] === true,
    verifyOnly: values['verify-only'] === true,
    resume: values.resume === true,
    replace: values.replace === true,
    ...(values.report !== undefined ? { reportFile: values.report } : {}),
    leaveOut: (values['leave-out'] ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean),
    danglingPolicy: dangling as DanglingPolicy,
    strictText: values['strict-text'] === true,
    ...(values['no-backup']
      ? { backupDir: false }
      : values['backup-dir'] !== undefined
        ? { backupDir: values['backup-dir'] }
        : {}),
    ...(connections !== undefined ? { mysqlConnections: connections } : {}),
    ...(batchBytes !== undefined ? { batchBytes } : {}),
  };
}

/**
 * What was wrong with the arguments, without echoing a value that may hold a password: node's parseArgs quotes a
 * stray argument whole (`mysql://user:secret@host/db` given without --from/--to).
 */
function argumentProblem(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return 'An argument without an option was given: name the stores with --from SRC and --to DST';
  }
  // Any URL credentials in the message are masked.
  return maskCredentials(error instanceof Error ? error.message : 'bad arguments');
}
