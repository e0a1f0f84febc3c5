/** The buffered api_requests writer's rules, on a fake database with fake timers (see log-writer-db.test.ts for real ones). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestLogWriter, type ApiRequestLogWriterOptions, type LogWriterReport } from '../src/log-writer.js';
import { FakeLogDatabase } from './helpers/fake-executor.js';
import { apiRequestRow } from './helpers/rows.js';

let db: FakeLogDatabase;
let reports: LogWriterReport[];

function writer(options: ApiRequestLogWriterOptions = {}): ApiRequestLogWriter {
  return new ApiRequestLogWriter(db, { onReport: (report) => reports.push(report), ...options });
}

function enqueueMany(target: ApiRequestLogWriter, count: number, body = 'x'): string[] {
  return Array.from({ length: count }, () => {
    const row = apiRequestRow({ request_body: body });
    target.enqueue(row);
    return row.id;
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  db = new FakeLogDatabase();
  reports = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ApiRequestLogWriter', () => {
  it('never touches the database while enqueueing', () => {
    const target = writer();
    enqueueMany(target, 10);
    expect(db.attempts).toEqual([]);
    expect(target.stats()).toMatchObject({ buffered: 10, written: 0 });
  });

  it('writes a batch as soon as it holds maxBatchRows rows', async () => {
    const target = writer({ maxBatchRows: 8, flushIntervalMs: 60_000 });
    enqueueMany(target, 8);
    await vi.advanceTimersByTimeAsync(0);
    expect(db.attempts).toEqual([8]);
    expect(target.stats()).toMatchObject({ buffered: 0, written: 8 });
  });

  it('writes a batch as soon as it holds maxBatchBytes, keeping each INSERT under the budget', async () => {
    const target = writer({ maxBatchRows: 1000, maxBatchBytes: 10_000, flushIntervalMs: 60_000 });
    enqueueMany(target, 12, 'b'.repeat(2_000));
    await vi.advanceTimersByTimeAsync(0);
    await target.flush();
    expect(db.written).toHaveLength(12);
    // ~2.1 KB a row under a 10 KB budget: at most 4 rows per INSERT.
    expect(Math.max(...db.attempts)).toBeLessThanOrEqual(4);
  });

  it('writes what is buffered flushIntervalMs after the first row, with no further activity', async () => {
    const target = writer({ flushIntervalMs: 1_000 });
    enqueueMany(target, 3);
    await vi.advanceTimersByTimeAsync(999);
    expect(db.written).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(db.written).toHaveLength(3);
    expect(target.stats().buffered).toBe(0);
  });

  it('sends batches of power-of-two sizes so only a few statements are ever prepared', async () => {
    const target = writer({ maxBatchRows: 64, flushIntervalMs: 60_000 });
    for (const count of [37, 5, 63, 1, 20]) {
      enqueueMany(target, count);
      await target.flush();
    }
    expect(db.written).toHaveLength(126);
    expect(db.attempts.every((size) => (size & (size - 1)) === 0)).toBe(true);
    expect(db.statements.size).toBeLessThanOrEqual(7);
  });

  it('sends the statements of a batch one at a time: none ahead of an answer the transaction depends on', async () => {
    // A server that aborts a transaction (deadlock, Galera conflict) runs the statements queued behind the abort
    // auto-committed: sent ahead, they would store rows without their rollups or count rollups twice.
    const target = writer({ maxBatchRows: 64 });
    const ids = enqueueMany(target, 50);
    db.poisonIds.add(ids[3] ?? '');
    await target.flush();
    expect(db.maxInFlight).toBe(1);
    expect(db.written).toHaveLength(49);
    expect(db.otherStatements).toBeGreaterThan(0);
  });

  it('isolates a row the database refuses, reports its id and code only, and writes every other row', async () => {
    const target = writer({ maxBatchRows: 64 });
    const ids = enqueueMany(target, 50, 'body with a SECRET value');
    const poison = ids[17] ?? '';
    db.poisonIds.add(poison);
    await target.flush();
    expect(db.written.sort()).toEqual(ids.filter((id) => id !== poison).sort());
    expect(reports).toEqual([{ kind: 'rejected', rowId: poison, code: 'CONSTRAINT', message: expect.any(String) }]);
    expect(JSON.stringify(reports)).not.toContain('SECRET');
    expect(target.stats()).toMatchObject({ written: 49, rejected: 1, buffered: 0 });
  });

  it('isolates several bad rows in one batch', async () => {
    const target = writer({ maxBatchRows: 64 });
    const ids = enqueueMany(target, 32);
    for (const index of [0, 9, 31]) db.poisonIds.add(ids[index] ?? '');
    await target.flush();
    expect(db.written).toHaveLength(29);
    expect(reports.map((report) => report.kind === 'rejected' && report.rowId).sort()).toEqual(
      [ids[0], ids[31], ids[9]].sort(),
    );
  });

  it('keeps rows while the database is down and writes them, with growing delays, once it is back', async () => {
    const target = writer({ maxBatchRows: 4, flushIntervalMs: 100, retryDelayMs: 100, maxRetryDelayMs: 400 });
    db.down = true;
    const ids = enqueueMany(target, 4);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1_000);
    const delays = reports.flatMap((report) => (report.kind === 'retrying' ? [report.retryInMs] : []));
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 400]);
    expect(target.stats()).toMatchObject({ buffered: 4, written: 0 });
    db.down = false;
    await vi.advanceTimersByTimeAsync(400);
    expect(db.written).toEqual(ids);
    expect(target.stats()).toMatchObject({ buffered: 0, written: 4, dropped: 0 });
  });

  it('rejects flush() while the database is down, keeping the rows', async () => {
    const target = writer();
    enqueueMany(target, 3);
    db.down = true;
    await expect(target.flush()).rejects.toMatchObject({ code: 'CONNECTION' });
    expect(target.stats().buffered).toBe(3);
    db.down = false;
    await target.flush();
    expect(db.written).toHaveLength(3);
  });

  it('stays within maxBufferedRows when full: drops new rows, counts and reports them', async () => {
    const target = writer({ maxBufferedRows: 5, maxBatchRows: 100, retryDelayMs: 50 });
    db.down = true;
    const kept = enqueueMany(target, 5);
    enqueueMany(target, 3);
    expect(target.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    expect(reports.filter((report) => report.kind === 'buffer-full')).toHaveLength(1);
    db.down = false;
    await target.flush();
    expect(db.written).toEqual(kept);
    expect(reports).toContainEqual({ kind: 'dropped', count: 3 });
  });

  it('stays within maxBufferedBytes when full', () => {
    const target = writer({ maxBufferedBytes: 50_000, maxBatchBytes: 1_000_000, flushIntervalMs: 60_000 });
    enqueueMany(target, 30, 'y'.repeat(10_000));
    expect(target.stats().buffered).toBe(4);
    expect(target.stats().bufferedBytes).toBeLessThanOrEqual(50_000);
    expect(target.stats().dropped).toBe(26);
  });

  it('reports a row larger than maxRowBytes as DATA_DOES_NOT_FIT without sending it', async () => {
    const target = writer({ maxRowBytes: 5_000 });
    const [big] = enqueueMany(target, 1, 'z'.repeat(6_000));
    const [small] = enqueueMany(target, 1);
    await target.flush();
    expect(db.written).toEqual([small]);
    expect(reports).toEqual([expect.objectContaining({ kind: 'rejected', rowId: big, code: 'DATA_DOES_NOT_FIT' })]);
  });

  it('writes a row with a lone surrogate (as U+FFFD), counting and reporting it by id and column only', async () => {
    const target = writer();
    const broken = apiRequestRow({ response_body: 'cut emoji \ud83d' });
    target.enqueue(broken);
    const [fine] = enqueueMany(target, 1);
    await target.flush();
    expect(db.written).toEqual([broken.id, fine]);
    expect(reports).toEqual([{ kind: 'repaired', rowId: broken.id, columns: ['response_body'] }]);
    expect(target.stats()).toMatchObject({ written: 2, repaired: 1, rejected: 0 });
  });

  it('writes everything on close(), then drops rows enqueued later', async () => {
    const target = writer({ flushIntervalMs: 60_000 });
    enqueueMany(target, 7);
    await target.close();
    expect(db.written).toHaveLength(7);
    enqueueMany(target, 1);
    expect(target.stats()).toMatchObject({ written: 7, dropped: 1, buffered: 0 });
  });

  it('reports the rows it cannot write at close() as lost', async () => {
    const target = writer();
    enqueueMany(target, 3);
    db.down = true;
    await expect(target.close()).rejects.toMatchObject({ code: 'CONNECTION' });
    expect(target.stats()).toMatchObject({ lost: 3, buffered: 0 });
    expect(reports).toContainEqual({ kind: 'lost', count: 3, code: 'CONNECTION' });
  });

  it('keeps trying at close() for flushTimeoutMs while the database is down, and writes the rows once it is back', async () => {
    const target = writer({ retryDelayMs: 100, maxRetryDelayMs: 400 });
    enqueueMany(target, 3);
    db.down = true;
    const closing = target.close(5_000);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(target.stats()).toMatchObject({ written: 0, lost: 0, buffered: 3 });
    db.down = false;
    await vi.advanceTimersByTimeAsync(500);
    await closing;
    expect(db.written).toHaveLength(3);
    expect(target.stats()).toMatchObject({ written: 3, lost: 0, buffered: 0 });
  });

  it('gives up at close() once flushTimeoutMs has passed, reporting the rows as lost', async () => {
    const target = writer({ retryDelayMs: 100, maxRetryDelayMs: 400 });
    enqueueMany(target, 2);
    db.down = true;
    const closing = target.close(1_000);
    const outcome = expect(closing).rejects.toMatchObject({ code: 'CONNECTION' });
    await vi.advanceTimersByTimeAsync(1_000);
    await outcome;
    expect(target.stats()).toMatchObject({ lost: 2, buffered: 0 });
    expect(reports).toContainEqual({ kind: 'lost', count: 2, code: 'CONNECTION' });
  });

  it('copies the row on enqueue, so later changes by the caller are not written', async () => {
    const target = writer();
    const row = apiRequestRow({ status: 'success' });
    const originalId = row.id;
    target.enqueue(row);
    row.id = 'changed';
    await target.flush();
    expect(db.written).toEqual([originalId]);
  });
});
