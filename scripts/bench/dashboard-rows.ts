/**
 * Synthetic traffic for the dashboards benchmark: 20 virtual keys (one with `disable_logging`), 5 providers,
 * 30 models, requests spread over the last 30 days with bodies of a few hundred bytes. Each key sends to three
 * models and each model belongs to one provider, as on a real gateway, so an hour holds a bounded number of
 * rollup groups however many rows are logged. A seeded generator makes every run log the same traffic.
 */
import type { GatewayDb, NewApiRequestInput } from 'gateway-db';

export const DASHBOARD_DAYS = 30;

/**
 * The log writer's bounds in the dashboard runs: room for the cleanup run's trickle while cleanup holds SQLite
 * (nothing may be dropped, or the load would be lighter).
 */
export const DASHBOARD_LOG_WRITER = { maxBufferedRows: 200_000, maxBufferedBytes: 512 * 1024 * 1024 };
const DAY_MS = 86_400_000;
const KEYS = 20;
const PROVIDERS = 5;
const MODELS = 30;
const MODELS_PER_KEY = 3;

export interface DashboardFixture {
  readonly keyIds: readonly string[];
  /** The key with `disable_logging`: its requests are stored but left out of every dashboard total. */
  readonly silencedKeyId: string;
  readonly providerIds: readonly string[];
  readonly models: readonly string[];
}

export type DashboardRow = NewApiRequestInput & { created_at: number };

/** mulberry32: tiny and seedable, so two runs (and two dialects) log identical traffic. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedDashboardFixture(db: GatewayDb): Promise<DashboardFixture> {
  const providerIds: string[] = [];
  for (let p = 0; p < PROVIDERS; p++) {
    const provider = await db.providers.create({
      name: `provider-${p}`,
      base_url: `http://127.0.0.1:1/p${p}/v1`,
      api_key: 'iv:cipher',
    });
    providerIds.push(provider.id);
  }
  const keyIds: string[] = [];
  for (let k = 0; k < KEYS; k++) {
    const key = await db.virtualKeys.create({
      key_value: `vk_dash${k.toString().padStart(16, '0')}`,
      key_hash: `dash-hash-${k}`,
      name: `dashboard key ${k}`,
      provider_id: providerIds[k % PROVIDERS] ?? null,
      disable_logging: k === 0,
    });
    keyIds.push(key.id);
  }
  const models = Array.from({ length: MODELS }, (_, m) => `model-${m}-${m % 2 === 0 ? 'chat' : 'instruct'}`);
  return { keyIds, silencedKeyId: keyIds[0] ?? '', providerIds, models };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;

function body(kind: string, model: string, n: number): string {
  // ~300 bytes: enough that rows have the weight of real logs without making the load the benchmark.
  const text = 'Summarize the quarterly report and list the three largest risks with a short rationale each. ';
  return `{"${kind}":${n},"model":"${model}","messages":[{"role":"user","content":"${text}${text}${text}"}]}`;
}

/** One request at `createdAt`; 2% have no key (they still count), ~5% fail, ~10% are cache hits. */
export function dashboardRow(fixture: DashboardFixture, random: () => number, createdAt: number): DashboardRow {
  const keyIndex = random() < 0.02 ? -1 : Math.floor(random() * fixture.keyIds.length);
  const modelIndex =
    keyIndex < 0
      ? Math.floor(random() * fixture.models.length)
      : (keyIndex * MODELS_PER_KEY + Math.floor(random() * MODELS_PER_KEY)) % fixture.models.length;
  const model = fixture.models[modelIndex] ?? 'model';
  const isError = random() < 0.05;
  const promptTokens = 50 + Math.floor(random() * 2000);
  const completionTokens = isError ? 0 : 20 + Math.floor(random() * 800);
  const n = Math.floor(random() * 1e9);
  return {
    virtual_key_id: keyIndex < 0 ? null : (fixture.keyIds[keyIndex] ?? null),
    provider_id: fixture.providerIds[modelIndex % fixture.providerIds.length] ?? null,
    model,
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    status: isError ? 'error' : 'success',
    response_time: 80 + Math.floor(random() * 4000),
    error_message: isError
      ? pick(['upstream returned 429: rate limited', 'upstream timeout after 60 s'], random)
      : null,
    created_at: createdAt,
    request_body: body('request', model, n),
    response_body: isError ? null : body('response', model, n),
    cache_hit: !isError && random() < 0.1,
    prompt_cache_hit_tokens: 0,
    prompt_cache_write_tokens: 0,
  };
}

/** A time within the `DASHBOARD_DAYS` days before `now`, uniformly. */
export function withinLastDays(now: number, random: () => number): number {
  return now - Math.floor(random() * DASHBOARD_DAYS * DAY_MS);
}

/**
 * The time of the `index`-th of `count` rows logged over the last DASHBOARD_DAYS, in the order a gateway logs them
 * (oldest first, evenly spread with jitter): the same distribution as `withinLastDays`, in time order.
 */
export function inTimeOrder(now: number, index: number, count: number, random: () => number): number {
  const span = DASHBOARD_DAYS * DAY_MS;
  return now - span + Math.floor(((index + random()) * span) / count);
}

/**
 * What the dashboards should report for the rows written, to tell a slow read from a wrong one: the times and
 * outcomes of the rows that count (not those of the silenced key), so any range can be counted afterwards.
 */
export class ExpectedTotals {
  private times = new Float64Array(1024);
  private successes = new Uint8Array(1024);
  private length = 0;

  add(row: DashboardRow, fixture: DashboardFixture): void {
    if (row.virtual_key_id === fixture.silencedKeyId) return;
    if (this.length === this.times.length) {
      const times = new Float64Array(this.length * 2);
      times.set(this.times);
      this.times = times;
      const successes = new Uint8Array(this.length * 2);
      successes.set(this.successes);
      this.successes = successes;
    }
    this.times[this.length] = row.created_at;
    this.successes[this.length] = row.status === 'success' ? 1 : 0;
    this.length += 1;
  }

  /** Counted requests and successes with created_at in [start, end]. */
  inRange(start: number, end: number): { requests: number; successes: number } {
    let requests = 0;
    let successes = 0;
    for (let i = 0; i < this.length; i++) {
      const at = this.times[i] ?? 0;
      if (at < start || at > end) continue;
      requests += 1;
      successes += this.successes[i] ?? 0;
    }
    return { requests, successes };
  }
}
