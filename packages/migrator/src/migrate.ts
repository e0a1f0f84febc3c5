/**
 * `migrate()`: the one code path of the CLI, the start-up import and the demo.
 * lock the target and decide (fresh / start over / resume / replace / skip / refuse) -> open and inspect the source
 * -> pre-flight pass over the whole source (refuses before the first write) -> copy -> verify -> mark verified ->
 * back up a legacy source. `verifyOnly` compares two stores; `dryRun` stops after the pre-flight pass.
 */
import { dirname, join } from 'node:path';
import { backupLegacyFile } from './backup.js';
import { describeEndpoint, type Endpoint, parseEndpoint } from './endpoint.js';
import { isMigrationError, MigrationError } from './errors.js';
import { describeFinding, FindingList } from './findings.js';
import { sourceFingerprint } from './fingerprint.js';
import { ensureStateTable } from './import-state.js';
import { inspectSource } from './inspect-source.js';
import { consoleLogger, type Logger } from './logger.js';
import { openSource, openTarget, sameEndpoint } from './open-stores.js';
import type { MigrateOptions } from './options.js';
import { planTables } from './plan.js';
import { preflight } from './preflight.js';
import { checkSqliteHeader } from './read-legacy.js';
import { type MigrationMode, type MigrationReport, writeReport } from './report.js';
import { countRows } from './row-counts.js';
import { runImport } from './run-import.js';
import { stoppableReader, stoppableTarget } from './stop-signal.js';
import type { StoreReader, TargetStore } from './store.js';
import { checkResumable, checkStartOver, decideTargetAction } from './target-state.js';
import { verifyStores } from './verify-stores.js';

interface Run {
  readonly options: MigrateOptions;
  readonly mode: MigrationMode;
  readonly logger: Logger;
  readonly report: MigrationReport;
  readonly from: Endpoint;
  readonly to: Endpoint;
  source?: StoreReader;
  target?: TargetStore;
  /** The run marker says `copying` (this run began copying, or resumes): an interruption keeps what is there. */
  keepsProgress?: boolean;
}

function refuseFindings(findings: FindingList): void {
  const errors = findings.errors();
  if (errors.length === 0) return;
  const unknownShape = errors.every((f) => f.kind === 'unknown-table' || f.kind === 'unknown-column');
  const shown = errors.slice(0, 5).map(describeFinding).join('; ');
  throw new MigrationError({
    code: unknownShape ? 'LEGACY_FILE' : 'DATA_DOES_NOT_FIT',
    message: `The pre-flight pass refused the source, nothing was written: ${shown}${errors.length > 5 ? `; and ${errors.length - 5} more (see the report)` : ''}`,
  });
}

async function verifyOnly(run: Run, source: StoreReader, target: TargetStore): Promise<void> {
  const plans = planTables();
  const findings = new FindingList();
  const { shape } = await inspectSource(source, plans, run.options.leaveOut ?? [], findings);
  run.report.findings = findings.all();
  await verifyStores({
    source,
    target,
    plans,
    shape,
    report: run.report,
    ...(run.options.progress ? { progress: run.options.progress } : {}),
  });
  run.logger.info(`校验通过: ${run.report.tables.length} 个表, 共 ${run.report.totalRows} 行, 两边的行数和校验和一致`);
}

async function copyStores(run: Run, target: TargetStore): Promise<void> {
  const { options, report, logger, mode } = run;
  const plans = planTables();
  if (mode === 'migrate') {
    await target.begin(options.lockTimeoutSeconds ?? 10);
    await ensureStateTable(target.client);
  }
  const decision = await decideTargetAction(target.client, plans, {
    resume: options.resume === true,
    replace: options.replace === true,
    onlyIfEmpty: options.onlyIfEmpty === true,
    targetName: report.to,
  });
  report.notes.push(decision.note);
  if (decision.action === 'skip') {
    logger.info(decision.note);
    report.skipped = true;
    return;
  }
  if (decision.action === 'start-over' || decision.action === 'resume') logger.warn(decision.note);
  // Stopped before this run's copy begins, a resumed import is still resumable; a new one has written nothing.
  run.keepsProgress = decision.action === 'resume';

  const source = stoppableReader(await openSource(run.from), options.signal);
  run.source = source;
  const findings = new FindingList();
  const { shape, isGatewayDbStore } = await inspectSource(source, plans, options.leaveOut ?? [], findings);
  const totals = new Map<string, number>();
  for (const plan of plans)
    totals.set(plan.name, shape.columns.has(plan.name) ? await countRows(source.client, plan) : 0);
  const fingerprint = sourceFingerprint(run.from, totals);
  checkResumable(decision, fingerprint, report.to);
  if (options.startOverOnlyFromSameSource)
    checkStartOver(decision, fingerprint, { source: report.from, target: report.to });

  const policy = options.danglingPolicy ?? 'keep';
  const progress = options.progress ? { progress: options.progress } : {};
  options.progress?.phaseStarted(
    'preflight',
    [...totals.values()].reduce((a, b) => a + b, 0),
  );
  const sourceChecksums = await preflight(
    {
      source,
      plans,
      shape,
      limits: target.limits,
      policy,
      strictText: options.strictText === true,
      findings,
      ...progress,
    },
    totals,
  );
  options.progress?.phaseDone('preflight');
  report.findings = findings.all();
  report.tables = plans.map((plan) => {
    const sum = sourceChecksums.get(plan.name);
    return {
      table: plan.name,
      sourceRows: sum?.rows ?? 0,
      sourceChecksum: sum?.checksum ?? '',
      bytes: sum?.bytes ?? 0,
      seconds: 0,
    };
  });
  report.totalRows = report.tables.reduce((sum, t) => sum + t.sourceRows, 0);
  for (const finding of report.findings.filter((f) => f.severity === 'warning')) logger.warn(describeFinding(finding));
  refuseFindings(findings);
  if (mode === 'dry-run') {
    logger.info(`预检完成 (dry run): ${report.tables.length} 个表, 共 ${report.totalRows} 行, 未写入任何数据`);
    return;
  }

  const notesBefore = report.notes.length;
  run.keepsProgress = true;
  await runImport({
    source,
    target,
    plans,
    shape,
    policy,
    decision,
    fingerprint,
    sourceChecksums,
    sourceName: report.from,
    tables: report.tables,
    notes: report.notes,
    logger,
    ...progress,
  });
  for (const note of report.notes.slice(notesBefore)) logger.warn(note);
  await target.commit();
  logger.info(`数据迁移完成: ${report.tables.length} 个表, 共 ${report.totalRows} 行, 校验通过`);
  if (run.from.dialect === 'sqlite' && !isGatewayDbStore && options.backupDir !== false) {
    report.backupPath = backupLegacyFile(run.from.path, options.backupDir ?? join(dirname(run.from.path), 'backup'));
    logger.info(`已备份原数据库到: ${report.backupPath}`);
  }
}

/** Commits what an interrupted run copied; when even that fails, rolls back and says the run cannot resume. */
async function keepProgress(run: Run): Promise<void> {
  try {
    await run.target?.commit();
  } catch {
    await run.target?.abort();
    run.keepsProgress = false;
  }
}

function startRun(options: MigrateOptions, report: MigrationReport, logger: Logger, mode: MigrationMode): Run {
  if (options.resume && options.replace)
    throw new MigrationError({ code: 'CONFIG', message: '--resume and --replace exclude each other' });
  const from = parseEndpoint(options.from);
  const to = parseEndpoint(options.to);
  Object.assign(report, { from: describeEndpoint(from), to: describeEndpoint(to) });
  if (sameEndpoint(from, to))
    throw new MigrationError({ code: 'CONFIG', message: 'The source and the target are the same store' });
  // A file that is not SQLite or visibly truncated is refused before the target is even touched.
  if (from.dialect === 'sqlite') checkSqliteHeader(from.path);
  return { options, mode, logger, report, from, to };
}

export async function migrate(options: MigrateOptions): Promise<MigrationReport> {
  const logger = options.logger ?? consoleLogger;
  const mode: MigrationMode = options.verifyOnly ? 'verify-only' : options.dryRun ? 'dry-run' : 'migrate';
  const startedAt = Date.now();
  const report: MigrationReport = {
    ok: false,
    mode,
    from: '',
    to: '',
    startedAt: new Date(startedAt).toISOString(),
    tables: [],
    totalRows: 0,
    findings: [],
    notes: [],
  };
  let run: Run | undefined;
  try {
    run = startRun(options, report, logger, mode);
    logger.info(`开始数据迁移 (${mode}): ${report.from} -> ${report.to}`);
    const target = stoppableTarget(
      await openTarget(run.to, {
        applySchema: mode === 'migrate',
        ...(options.mysqlConnections !== undefined ? { mysqlConnections: options.mysqlConnections } : {}),
        ...(options.batchBytes !== undefined ? { batchBytes: options.batchBytes } : {}),
      }),
      options.signal,
    );
    run.target = target;
    if (mode === 'verify-only') {
      run.source = stoppableReader(await openSource(run.from), options.signal);
      await verifyOnly(run, run.source, target);
    } else await copyStores(run, target);
    report.ok = true;
    return report;
  } catch (error) {
    const interrupted = isMigrationError(error, 'INTERRUPTED');
    // Stopped on request after copying began: keep it (SQLite commits its one transaction with the marker still
    // `copying` and the position of the table in progress), so --resume continues instead of starting over.
    if (interrupted && run?.keepsProgress) await keepProgress(run);
    else await run?.target?.abort();
    if (interrupted) report.resumable = run?.keepsProgress === true;
    const failure =
      error instanceof MigrationError
        ? error
        : new MigrationError({
            code: 'QUERY',
            message: error instanceof Error ? error.message : 'unknown error',
            cause: error,
          });
    report.error = { code: failure.code, message: failure.message };
    failure.report = report;
    if (interrupted) logger.warn(`数据迁移已中断 (${report.resumable ? '已复制的行已保存' : '未写入任何数据'})`);
    else logger.error(`数据迁移失败: ${failure.message}`);
    throw failure;
  } finally {
    await run?.source?.close().catch(() => undefined);
    await run?.target?.close().catch(() => undefined);
    report.finishedAt = new Date().toISOString();
    report.seconds = (Date.now() - startedAt) / 1000;
    if (options.reportFile) writeReport(options.reportFile, report);
  }
}
