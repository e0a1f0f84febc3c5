/** Small measuring tools for the benchmark scripts: latency percentiles, process I/O counters, peak RSS. */
import { readFileSync } from 'node:fs';

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index] ?? Number.NaN;
}

export interface LatencySummary {
  readonly samples: number;
  readonly medianMs: number;
  readonly p99Ms: number;
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { samples: sorted.length, medianMs: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/** Times `fn` once per iteration (ms, high resolution). */
export async function timeIterations(iterations: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return samples;
}

export interface IoCounters {
  /** Bytes passed to write()-like system calls. */
  readonly wchar: number;
  /** Bytes the process caused to be sent to the storage layer (counted when pages are dirtied). */
  readonly writeBytes: number;
  /** Dirtied bytes later truncated away before reaching storage. */
  readonly cancelledWriteBytes: number;
}

/** `/proc/<pid>/io` of this process or of another one (e.g. mariadbd: needs the same user or root). */
export function readIo(pid: number | 'self' = 'self'): IoCounters {
  const fields = new Map<string, number>();
  for (const line of readFileSync(`/proc/${pid}/io`, 'utf8').split('\n')) {
    const [key, value] = line.split(':');
    if (key && value) fields.set(key.trim(), Number(value.trim()));
  }
  return {
    wchar: fields.get('wchar') ?? 0,
    writeBytes: fields.get('write_bytes') ?? 0,
    cancelledWriteBytes: fields.get('cancelled_write_bytes') ?? 0,
  };
}

export function ioDelta(before: IoCounters, after: IoCounters): IoCounters {
  return {
    wchar: after.wchar - before.wchar,
    writeBytes: after.writeBytes - before.writeBytes,
    cancelledWriteBytes: after.cancelledWriteBytes - before.cancelledWriteBytes,
  };
}

/** Samples RSS every `intervalMs` until stopped; returns the peak in bytes. */
export function trackPeakRss(intervalMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export const MB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(2)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}
