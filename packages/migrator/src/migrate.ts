/**
 * `migrate()`: the one code path of the CLI, the start-up import and the demo.
 * lock the target and decide (fresh / start over / resume / replace / skip / refuse) -> open and inspect the source
 * -> pre-flight pass over the whole source (refuses before the first write) -> copy -> verify -> mark verified ->
 * back up a legacy source. `verifyOnly` compares two stores; `dryRun` stops after the pre-flight pass.
 * With `logTo`/`logFrom` (split stores, part-runs.ts) every step runs per part (config tables, request logs), each
 * phase for both parts before the next: nothing is written before both parts passed the pre-flight pass, and no
 * part is marked verified before both are.
 */
import { dirname, join } from 'node:path';
import { backupLegacyFile } from './backup.js';
import { isMigrationError, MigrationError } from './errors.js';
import { describeFinding, FindingList } from './findings.js';
import { sourceFingerprint } from './fingerprint.js';
import { ensureStateTable, forgetRunMarkers, writeRunMarker } from './import-state.js';
import { inspectSources } from './inspect-sources.js';
import { consoleLogger, type Logger } from './logger.js';
import { completedFields, findingFields } from './migration-events.js';
import { openSource, openTarget, sameEndpoint } from './open-stores.js';
import type { MigrateOptions } from './options.js';
import { skipNote } from './part-decisions.js';
import { describeSide, distinctEndpoints, type PartRun, partNote, partRuns } from './part-runs.js';
import { planTables, type TablePlan } from './plan.js';
import { preflight, type SourceChecksums } from './preflight.js';
import { checkSqliteHeader } from './read-legacy.js';
import { type MigrationMode, type MigrationReport, writeReport } from './report.js';
import { countRows } from './row-counts.js';
import { runImport } from './run-import.js';
import { stoppableReader, stoppableTarget } from './stop-signal.js';
import type { StoreReader, TargetStore } from './store.js';
import { RUN_MARKER_NAMES } from './store-parts.js';
import { checkResumable, checkStartOver, decideTargetAction } from './target-state.js';
import { verifyStores } from './verify-stores.js';

interface Run {
  readonly options: MigrateOptions;
  readonly mode: MigrationMode;
  readonly logger: Logger;
  readonly report: MigrationReport;
  readonly parts: readonly PartRun[];
  /** Every store opened once (parts naming the same store share it). */
  readonly sources: StoreReader[];
  readonly targets: TargetStore[];
  /** The run markers say `copying` (this run began copying, or resumes): an interruption keeps what is there. */
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

/** Each part's source and target (stores two parts share are opened once). */
function partStores(part: PartRun): { source: StoreReader; target: TargetStore } {
  if (part.source === undefined || part.target === undefined) throw new Error('migrate: the stores are not open');
  return { source: part.source, target: part.target };
}

async function openTargets(run: Run): Promise<void> {
  const { options, mode } = run;
  for (const endpoint of distinctEndpoints(run.parts.map((part) => part.to))) {
    const target = stoppableTarget(
      await openTarget(endpoint, {
        applySchema: mode === 'migrate',
        ...(options.mysqlConnections !== undefined ? { mysqlConnections: options.mysqlConnections } : {}),
        ...(options.batchBytes !== undefined ? { batchBytes: options.batchBytes } : {}),
      }),
      options.signal,
    );
    run.targets.push(target);
    for (const part of run.parts) if (sameEndpoint(part.to, endpoint)) part.target = target;
  }
}

async function openSources(run: Run): Promise<void> {
  for (const endpoint of distinctEndpoints(run.parts.map((part) => part.from))) {
    const source = stoppableReader(await openSource(endpoint), run.options.signal);
    run.sources.push(source);
    for (const part of run.parts) if (sameEndpoint(part.from, endpoint)) part.source = source;
  }
}

async function verifyOnly(run: Run): Promise<void> {
  await openSources(run);
  const findings = new FindingList();
  await inspectSources(run.parts, planTables(), run.options.leaveOut ?? [], findings);
  run.report.findings = findings.all();
  for (const part of run.parts) {
    if (part.shape === undefined) continue;
    await verifyStores({
      ...partStores(part),
      plans: part.plans,
      shape: part.shape,
      report: run.report,
      ...(run.options.progress ? { progress: run.options.progress } : {}),
    });
  }
  run.logger.info(
    `校验通过: ${run.report.tables.length} 个表, 共 ${run.report.totalRows} 行, 两边的行数和校验和一致`,
    completedFields(run.report),
  );
}

/** Decides every part under its target's lock; true when the whole run is skipped (`onlyIfEmpty`). */
async function decideParts(run: Run): Promise<boolean> {
  const { options, report, logger, mode } = run;
  if (mode === 'migrate') {
    for (const target of run.targets) {
      await target.begin(options.lockTimeoutSeconds ?? 10);
      await ensureStateTable(target.client);
    }
  }
  for (const part of run.parts) {
    if (part.target === undefined) throw new Error('migrate: the target is not open');
    part.decision = await decideTargetAction(part.target.client, part.plans, {
      resume: options.resume === true,
      replace: options.replace === true,
      onlyIfEmpty: options.onlyIfEmpty === true,
      targetName: part.targetName,
      runMarker: part.runMarker,
    });
  }
  const skip = skipNote(run.parts);
  if (skip !== undefined) {
    report.notes.push(skip);
    logger.info(skip, { code: 'migration.skipped' });
    report.skipped = true;
    return true;
  }
  for (const part of run.parts) {
    const decision = part.decision;
    if (decision === undefined) continue;
    report.notes.push(partNote(part, decision.note));
    if (decision.action === 'start-over' || decision.action === 'resume') {
      logger.warn(partNote(part, decision.note), { code: 'migration.restarting', kind: decision.action });
    }
  }
  return false;
}

/** What the pre-flight pass found out about one part's source. */
interface CheckedPart {
  readonly fingerprint: string;
  readonly checksums: SourceChecksums;
}

/** Counts, fingerprints and pre-flight passes of every part, before anything is written anywhere. */
async function preflightParts(run: Run, findings: FindingList): Promise<Map<PartRun, CheckedPart>> {
  const { options } = run;
  const totals = new Map<PartRun, Map<string, number>>();
  const fingerprints = new Map<PartRun, string>();
  for (const part of run.parts) {
    const { source } = partStores(part);
    const counts = new Map<string, number>();
    for (const plan of part.plans)
      counts.set(plan.name, part.shape?.columns.has(plan.name) ? await countRows(source.client, plan) : 0);
    const fingerprint = sourceFingerprint(part.from, counts);
    if (part.decision) {
      checkResumable(part.decision, fingerprint, part.targetName);
      if (options.startOverOnlyFromSameSource)
        checkStartOver(part.decision, fingerprint, { source: part.sourceName, target: part.targetName });
    }
    totals.set(part, counts);
    fingerprints.set(part, fingerprint);
  }
  const allRows = [...totals.values()].flatMap((counts) => [...counts.values()]).reduce((a, b) => a + b, 0);
  options.progress?.phaseStarted('preflight', allRows);
  const checked = new Map<PartRun, CheckedPart>();
  for (const part of run.parts) {
    const { source, target } = partStores(part);
    const checksums = await preflight(
      {
        source,
        plans: part.plans,
        shape: part.shape ?? { columns: new Map() },
        limits: target.limits,
        policy: options.danglingPolicy ?? 'keep',
        strictText: options.strictText === true,
        findings,
        ...(options.progress ? { progress: options.progress } : {}),
      },
      totals.get(part) ?? new Map(),
    );
    checked.set(part, { fingerprint: fingerprints.get(part) ?? '', checksums });
  }
  options.progress?.phaseDone('preflight');
  return checked;
}

function reportTables(run: Run, checked: ReadonlyMap<PartRun, CheckedPart>): void {
  const { report } = run;
  report.tables = run.parts.flatMap((part) =>
    part.plans.map((plan: TablePlan) => {
      const sum = checked.get(part)?.checksums.get(plan.name);
      return {
        table: plan.name,
        sourceRows: sum?.rows ?? 0,
        sourceChecksum: sum?.checksum ?? '',
        bytes: sum?.bytes ?? 0,
        seconds: 0,
      };
    }),
  );
  report.totalRows = report.tables.reduce((sum, t) => sum + t.sourceRows, 0);
}

/**
 * Marks every part verified, only once all are (a failure in one part leaves every marker `copying`: the next run
 * starts over or resumes the whole import). A target that received every table (a whole store, or both parts)
 * drops the markers of other parts' earlier runs: their tables were just replaced.
 */
async function markVerified(run: Run, checked: ReadonlyMap<PartRun, CheckedPart>): Promise<void> {
  for (const part of run.parts) {
    const { target } = partStores(part);
    await writeRunMarker(
      target.client,
      'verified',
      part.sourceName,
      checked.get(part)?.fingerprint ?? '',
      part.runMarker,
    );
  }
  for (const target of run.targets) {
    const written = run.parts.filter((part) => part.target === target);
    const whole = written.some((p) => p.part === 'all') || written.length === 2;
    if (!whole) continue;
    const own = new Set(written.map((part) => part.runMarker));
    await forgetRunMarkers(
      target.client,
      RUN_MARKER_NAMES.filter((name) => !own.has(name)),
    );
  }
}

async function copyStores(run: Run): Promise<void> {
  const { options, report, logger, mode } = run;
  if (await decideParts(run)) return;
  // Stopped before this run's copy begins, a resumed import is still resumable; a new one has written nothing.
  run.keepsProgress = run.parts.some((part) => part.decision?.action === 'resume');

  await openSources(run);
  const findings = new FindingList();
  await inspectSources(run.parts, planTables(), options.leaveOut ?? [], findings);
  const checked = await preflightParts(run, findings);
  report.findings = findings.all();
  reportTables(run, checked);
  for (const finding of report.findings.filter((f) => f.severity === 'warning')) {
    logger.warn(describeFinding(finding), findingFields(finding));
  }
  refuseFindings(findings);
  if (mode === 'dry-run') {
    logger.info(
      `预检完成 (dry run): ${report.tables.length} 个表, 共 ${report.totalRows} 行, 未写入任何数据`,
      completedFields(report),
    );
    return;
  }

  const notesBefore = report.notes.length;
  run.keepsProgress = true;
  for (const part of run.parts) {
    const { decision, shape } = part;
    const result = checked.get(part);
    if (decision === undefined || shape === undefined || result === undefined) continue;
    await runImport({
      ...partStores(part),
      plans: part.plans,
      runMarker: part.runMarker,
      shape,
      policy: options.danglingPolicy ?? 'keep',
      decision,
      fingerprint: result.fingerprint,
      sourceChecksums: result.checksums,
      sourceName: part.sourceName,
      tables: report.tables,
      notes: report.notes,
      logger,
      ...(options.progress ? { progress: options.progress } : {}),
    });
  }
  await markVerified(run, checked);
  for (const note of report.notes.slice(notesBefore)) logger.warn(note, { code: 'migration.note' });
  for (const target of run.targets) await target.commit();
  logger.info(
    `数据迁移完成: ${report.tables.length} 个表, 共 ${report.totalRows} 行, 校验通过`,
    completedFields(report),
  );
  backUpLegacySources(run);
}

/** After every part verified: a copy of each legacy file read (never of a gateway-db store). */
function backUpLegacySources(run: Run): void {
  const { options, report, logger } = run;
  if (options.backupDir === false) return;
  const legacy = run.parts.filter((part) => part.from.dialect === 'sqlite' && part.isGatewayDbStore === false);
  for (const endpoint of distinctEndpoints(legacy.map((part) => part.from))) {
    if (endpoint.dialect !== 'sqlite') continue;
    const path = backupLegacyFile(endpoint.path, options.backupDir ?? join(dirname(endpoint.path), 'backup'));
    report.backupPath ??= path;
    logger.info(`已备份原数据库到: ${path}`, { code: 'migration.backed_up' });
  }
}

/** Commits what an interrupted run copied; when even that fails, rolls back and says the run cannot resume. */
async function keepProgress(run: Run): Promise<void> {
  try {
    for (const target of run.targets) await target.commit();
  } catch {
    for (const target of run.targets) await target.abort();
    run.keepsProgress = false;
  }
}

function startRun(options: MigrateOptions, report: MigrationReport, logger: Logger, mode: MigrationMode): Run {
  if (options.resume && options.replace)
    throw new MigrationError({ code: 'CONFIG', message: '--resume and --replace exclude each other' });
  const parts = partRuns(options);
  Object.assign(report, { from: describeSide(parts, 'from'), to: describeSide(parts, 'to') });
  if (parts.length > 1)
    report.parts = parts.map((part) => ({ part: part.part, from: part.sourceName, to: part.targetName }));
  // A file that is not SQLite or visibly truncated is refused before the target is even touched.
  for (const part of parts) if (part.from.dialect === 'sqlite') checkSqliteHeader(part.from.path);
  return { options, mode, logger, report, parts, sources: [], targets: [] };
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
    logger.info(`开始数据迁移 (${mode}): ${report.from} -> ${report.to}`, { code: 'migration.started', kind: mode });
    await openTargets(run);
    if (mode === 'verify-only') await verifyOnly(run);
    else await copyStores(run);
    report.ok = true;
    return report;
  } catch (error) {
    const interrupted = isMigrationError(error, 'INTERRUPTED');
    // Stopped on request after copying began: keep it (SQLite commits its one transaction with the marker still
    // `copying` and the position of the table in progress), so --resume continues instead of starting over.
    if (interrupted && run?.keepsProgress) await keepProgress(run);
    else for (const target of run?.targets ?? []) await target.abort();
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
    if (interrupted) {
      logger.warn(`数据迁移已中断 (${report.resumable ? '已复制的行已保存' : '未写入任何数据'})`, {
        code: 'migration.interrupted',
        kind: mode,
      });
    } else
      logger.error(`数据迁移失败: ${failure.message}`, {
        code: 'migration.failed',
        kind: mode,
        errorCode: failure.code,
      });
    throw failure;
  } finally {
    for (const source of run?.sources ?? []) await source.close().catch(() => undefined);
    for (const target of run?.targets ?? []) await target.close().catch(() => undefined);
    report.finishedAt = new Date().toISOString();
    report.seconds = (Date.now() - startedAt) / 1000;
    if (options.reportFile) writeReport(options.reportFile, report);
  }
}
