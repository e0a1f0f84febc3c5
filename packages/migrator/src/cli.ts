#!/usr/bin/env node
/**
 * `pnpm migrate`: see USAGE in cli-args.ts. Prints the report; exit code 0 when the run succeeded, 1 otherwise
 * (including a refused pre-flight pass or a failed verification), 2 for bad arguments, 130/143 when stopped by
 * SIGINT/SIGTERM (then it prints the command that continues the run: resume-hint.ts).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { loadConfig, type StoreConfig } from '@gateway-db/core';
import { HELP, parseCliArgs } from './cli-args.js';
import { stopOnSignals } from './cli-signals.js';
import type { Endpoint } from './endpoint.js';
import { isMigrationError } from './errors.js';
import { whenLauncherDies } from './launcher-watch.js';
import { type Logger, withMigrationPrefix } from './logger.js';
import { migrate } from './migrate.js';
import { barProgress, logProgress } from './progress.js';
import { formatReport } from './report.js';
import { interruptedHint } from './resume-hint.js';

/**
 * The console logger, without its info lines when `quiet`, and (with `logFile`) every line appended to that file
 * with a timestamp, whatever `quiet` says.
 */
function cliLogger(quiet: boolean, logFile: string | undefined): Logger {
  const toFile = (level: string, line: string) => {
    if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${level} ${line}\n`);
  };
  return withMigrationPrefix({
    info: (line) => {
      toFile('info', line);
      if (!quiet) console.log(line);
    },
    warn: (line) => {
      toFile('warn', line);
      console.warn(line);
    },
    error: (line) => {
      toFile('error', line);
      console.error(line);
    },
  });
}

/** The version of this package, read from its package.json (beside src/ and dist/ alike). */
function migratorVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}

function storeEndpoint(store: StoreConfig): Endpoint {
  return store.dialect === 'sqlite'
    ? { dialect: 'sqlite', path: store.sqlite.path }
    : { dialect: 'mysql', mysql: store.mysql };
}

/**
 * The configured stores (gateway-db's own config loader: environment and `.env`): the main store, and the log
 * store when LOG_DB_URL is set, so that `pnpm migrate` fills the stores the gateway will read.
 */
function configuredStores(): { to: Endpoint; logTo?: Endpoint } {
  const config = loadConfig();
  return { to: storeEndpoint(config), ...(config.logStore ? { logTo: storeEndpoint(config.logStore) } : {}) };
}

/** `--to` and `--log-to` as given; without `--to`, the configured stores (an explicit `--log-to` still wins). */
function targets(
  to: string | undefined,
  logTo: string | undefined,
): { to: string | Endpoint; logTo?: string | Endpoint } {
  if (to !== undefined) return { to, ...(logTo !== undefined ? { logTo } : {}) };
  const configured = configuredStores();
  const log = logTo ?? configured.logTo;
  return { to: configured.to, ...(log !== undefined ? { logTo: log } : {}) };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  if (args.version) {
    console.log(`gateway-db migrator ${migratorVersion()}`);
    return 0;
  }
  const { help: _help, version: _version, quiet, logFile, progressIntervalMs, to, logTo, ...options } = args;
  const logger = cliLogger(quiet, logFile);
  const onTerminal = !quiet && process.stderr.isTTY === true;
  // A message printed while the bar is drawn starts on a line of its own.
  const newLineAfterBar = () => {
    if (onTerminal) process.stderr.write('\n');
  };
  const stop = stopOnSignals(
    (name) => {
      newLineAfterBar();
      logger.warn(`${name}: stopping after the current batch (press Ctrl-C again to quit at once)`);
    },
    (name) => {
      newLineAfterBar();
      logger.warn(
        `${name} again: quitting now; run the same command with --resume to continue from the last checkpoint`,
      );
    },
  );
  try {
    const progress = quiet
      ? {}
      : { progress: onTerminal ? barProgress(process.stderr) : logProgress(logger, progressIntervalMs) };
    const report = await migrate({
      ...options,
      from: options.from ?? `sqlite:${process.env.DB_PATH ?? './data/gateway.db'}`,
      ...targets(to, logTo),
      logger,
      signal: stop.signal,
      ...progress,
    });
    console.log(formatReport(report));
    return 0;
  } catch (error) {
    if (isMigrationError(error, 'INTERRUPTED')) {
      newLineAfterBar();
      if (error.report) console.log(formatReport(error.report));
      // Through the logger: the command also lands in --log-file, and goes to stderr even with --quiet.
      for (const line of interruptedHint(process.argv.slice(2), error.report?.resumable === true)) logger.warn(line);
      return stop.exitCode() ?? 130;
    }
    // migrate() already logged `[Migration] 数据迁移失败: ...`; the partial report helps find why.
    if (isMigrationError(error) && error.report) console.log(formatReport(error.report));
    else console.error(`[Migration] 数据迁移失败: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// Killed launcher (e.g. `kill -9` of pnpm): stop instead of migrating on unseen; the next run resumes or restarts.
whenLauncherDies(() => {
  console.error(
    '[Migration] the command that started this migration is gone: stopping. Run it again to resume or start over.',
  );
  process.exit(143);
});
process.exitCode = await main();
