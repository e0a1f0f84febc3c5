/** Parses the `pnpm migrate` command line into `MigrateOptions` (defaults resolved by cli.ts). */
import { parseArgs } from 'node:util';
import { MigrationError } from './errors.js';
import { DANGLING_POLICIES, type DanglingPolicy, type MigrateOptions } from './options.js';

export const USAGE = `pnpm migrate [--from SRC] [--to DST] [--dry-run] [--verify-only] [--resume|--replace] [--report FILE]
              [--leave-out TABLE|TABLE.COLUMN ...] [--dangling keep|set-null|refuse] [--backup-dir DIR|--no-backup]
              [--connections N] [--batch-bytes N]
  SRC, DST: sqlite:PATH or mysql://user:pass@host:port/db (mariadb://... too)
  defaults: --from sqlite:$DB_PATH (./data/gateway.db), --to the configured store (DB_DIALECT, MYSQL_*, SQLITE_PATH)`;

export type ParsedArgs = Omit<MigrateOptions, 'from' | 'to'> & { from?: string; to?: string; help: boolean };

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
        'dry-run': { type: 'boolean' },
        'verify-only': { type: 'boolean' },
        resume: { type: 'boolean' },
        replace: { type: 'boolean' },
        report: { type: 'string' },
        'leave-out': { type: 'string', multiple: true },
        dangling: { type: 'string' },
        'backup-dir': { type: 'string' },
        'no-backup': { type: 'boolean' },
        connections: { type: 'string' },
        'batch-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
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
  return {
    help: values.help === true,
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
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
  const message = error instanceof Error ? error.message : 'bad arguments';
  // Any URL credentials in the message are masked.
  return message.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s'"]*:)[^@\s'"]*@/gi, '$1***@');
}
