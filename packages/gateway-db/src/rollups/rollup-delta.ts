/**
 * What a set of api_requests rows adds to the rollups, computed in the process that writes the rows (the log
 * writer, the backfill), so the rollup rows are written in the same transaction as the log rows. The counting
 * rules are exactly those of a raw scan (rollup-parts.ts holds the raw-scan side): a NULL token count adds
 * nothing (nor does an absurd one, see MAX_COUNTED_VALUE), token totals leave cache hits out (the legacy meaning), `success`/`error` are compared byte for byte.
 */
import { createHash } from 'node:crypto';
import { type NewApiRequestModel, type NewApiRequestRollup, ROLLUP_MAX_COUNTED_VALUE } from '@gateway-db/schema';
import { DAY_MS, HOUR_MS } from '../repositories/logged-requests.js';

/** The columns of an api_requests row that the rollups read. */
export interface RollupSource {
  readonly created_at: number;
  readonly virtual_key_id: string | null;
  readonly provider_id: string | null;
  readonly model: string | null;
  readonly status: string | null;
  readonly prompt_tokens: number | null;
  readonly completion_tokens: number | null;
  readonly total_tokens: number | null;
  readonly cache_hit: boolean | number | null;
  readonly response_time: number | null;
}

export interface RollupDelta {
  /** Rows to add to api_request_rollups, sorted by id (every writer locks them in the same order). */
  readonly rollups: NewApiRequestRollup[];
  /** Model strings the rollups name by key (inserted if missing). */
  readonly models: NewApiRequestModel[];
}

/** Token counts and response times beyond this count as 0 / unknown (the schema says why). */
export const MAX_COUNTED_VALUE = ROLLUP_MAX_COUNTED_VALUE;

/** A token count as the dashboards count it. */
function countedTokens(value: number | null): number {
  return value === null || Math.abs(value) > MAX_COUNTED_VALUE ? 0 : value;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The rollups' key for a model string: sha256 of its UTF-8 bytes, in hex (MySQL's SHA2(model, 256)). */
export function modelKeyOf(model: string): string {
  return sha256(model);
}

/** The periods every row is counted in: its UTC hour (exact edges) and its UTC day (long ranges read fewer rows). */
export const ROLLUP_PERIODS = [
  { ms: HOUR_MS, tag: 'h' },
  { ms: DAY_MS, tag: 'd' },
] as const;

/** Period starts with exactly 13 digits (2001-09-09 to 2286): their ids sort like their numbers. */
const THIRTEEN_DIGITS = { from: 1e12, to: 1e13 } as const;

/**
 * The id range that holds the rollup rows of `periodMs` starting in [from, to), when the ids' text order matches the
 * numbers' (every start in the span has 13 digits); undefined otherwise. Reads add it to their period condition so
 * MySQL can scan the clustered primary key (rows of one period stored together) instead of looking each row up
 * from the period index: ~4x faster for a month's daily rows. It narrows, never widens: the period condition stays.
 */
export function rollupIdRange(periodMs: number, span: { from: number; to: number }) {
  const period = ROLLUP_PERIODS.find((candidate) => candidate.ms === periodMs);
  if (!period || span.from < THIRTEEN_DIGITS.from || span.to >= THIRTEEN_DIGITS.to || span.from >= span.to) {
    return undefined;
  }
  // `<tag><13 digits>:...` sorts after `<tag><13 digits>` and before the next start's bare prefix.
  return { from: `${period.tag}${span.from}`, to: `${period.tag}${span.to}` };
}

/**
 * `span` cut where ids stop sorting like the period starts: the piece of 13-digit starts carries its id range,
 * the pieces before and after (empty in practice: before 2001 or after 2286) are read by the period alone.
 */
export function rollupIdSpans(periodMs: number, span: { from: number; to: number }) {
  const last = THIRTEEN_DIGITS.to - 1;
  const pieces = [
    { from: span.from, to: Math.min(span.to, THIRTEEN_DIGITS.from) },
    { from: Math.max(span.from, THIRTEEN_DIGITS.from), to: Math.min(span.to, last) },
    { from: Math.max(span.from, last), to: span.to },
  ].filter((piece) => piece.from < piece.to);
  // An empty span still yields one (empty) piece: a part with no rows keeps the union's shape.
  if (pieces.length === 0) return [{ span, ids: undefined }];
  return pieces.map((piece) => ({ span: piece, ids: rollupIdRange(periodMs, piece) }));
}

function emptyRollup(
  id: string,
  periodMs: number,
  start: number,
  writerId: string,
  row: RollupSource,
  modelKey: string | null,
) {
  return {
    id,
    period_ms: periodMs,
    period_start: start,
    writer_id: writerId,
    virtual_key_id: row.virtual_key_id,
    provider_id: row.provider_id,
    model_key: modelKey,
    status: row.status,
    requests: 0,
    successes: 0,
    errors: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    total_tokens: 0,
    cache_hits: 0,
    cache_saved_tokens: 0,
    response_time_sum: 0,
    response_time_count: 0,
  } satisfies NewApiRequestRollup;
}

/** Sums `rows` into rollup rows of `writerId` (one per hour and grouping values). */
export function rollupDelta(rows: Iterable<RollupSource>, writerId: string): RollupDelta {
  const rollups = new Map<string, ReturnType<typeof emptyRollup>>();
  const models = new Map<string, string>();
  const modelKeys = new Map<string, string>();
  // A batch holds few distinct groups: each is hashed once.
  const groups = new Map<string, string>();
  for (const row of rows) {
    let modelKey: string | null = null;
    if (row.model !== null) {
      modelKey = modelKeys.get(row.model) ?? modelKeyOf(row.model);
      modelKeys.set(row.model, modelKey);
      models.set(modelKey, row.model);
    }
    // The grouping values are hashed as a JSON array: null and "null" differ, and any length fits the key.
    const values = JSON.stringify([row.virtual_key_id, row.provider_id, modelKey, row.status]);
    let group = groups.get(values);
    if (group === undefined) {
      group = sha256(values);
      groups.set(values, group);
    }
    for (const period of ROLLUP_PERIODS) {
      const start = Math.floor(row.created_at / period.ms) * period.ms;
      const id = `${period.tag}${start}:${writerId}:${group}`;
      let rollup = rollups.get(id);
      if (rollup === undefined) {
        rollup = emptyRollup(id, period.ms, start, writerId, row, modelKey);
        rollups.set(id, rollup);
      }
      add(rollup, row);
    }
  }
  const sorted = [...rollups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rollups: sorted, models: [...models].map(([id, model]) => ({ id, model })) };
}

/** Adds one row to a rollup row, by the raw scan's rules. */
function add(rollup: ReturnType<typeof emptyRollup>, row: RollupSource): void {
  const cacheHit = row.cache_hit === true || row.cache_hit === 1;
  rollup.requests += 1;
  if (row.status === 'success') rollup.successes += 1;
  if (row.status === 'error') rollup.errors += 1;
  if (cacheHit) {
    rollup.cache_hits += 1;
    rollup.cache_saved_tokens += countedTokens(row.total_tokens);
  } else {
    rollup.prompt_tokens += countedTokens(row.prompt_tokens);
    rollup.completion_tokens += countedTokens(row.completion_tokens);
    rollup.total_tokens += countedTokens(row.total_tokens);
  }
  if (row.response_time !== null && Math.abs(row.response_time) <= MAX_COUNTED_VALUE) {
    rollup.response_time_sum += row.response_time;
    rollup.response_time_count += 1;
  }
}
