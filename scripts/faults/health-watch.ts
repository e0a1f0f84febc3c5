/** Polls the gateway's /health (log writer counters included) in the background and keeps the extremes. */
export interface HealthWatch {
  /** Most rows the log writer held in memory at one time. */
  maxBuffered(): number;
  last(): { ok: boolean; buffered: number; written: number; dropped: number; lost: number } | undefined;
  stop(): void;
}

interface HealthBody {
  ok?: boolean;
  logWriter?: { buffered?: number; written?: number; dropped?: number; lost?: number };
}

export async function readHealth(
  url: string,
): Promise<{ ok: boolean; buffered: number; written: number; dropped: number; lost: number } | undefined> {
  try {
    const body = (await (await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) })).json()) as HealthBody;
    const w = body.logWriter ?? {};
    return {
      ok: body.ok === true,
      buffered: w.buffered ?? 0,
      written: w.written ?? 0,
      dropped: w.dropped ?? 0,
      lost: w.lost ?? 0,
    };
  } catch {
    return undefined;
  }
}

export function watchHealth(url: string, everyMs = 250): HealthWatch {
  let max = 0;
  let latest: Awaited<ReturnType<typeof readHealth>>;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      latest = (await readHealth(url)) ?? latest;
      if (latest) max = Math.max(max, latest.buffered);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    maxBuffered: () => max,
    last: () => latest,
    stop: () => {
      stopped = true;
    },
  };
}
