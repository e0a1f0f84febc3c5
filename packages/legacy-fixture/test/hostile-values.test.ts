import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLegacyFile, HOSTILE, type LegacyFileSummary } from '../src/index.js';
import { columnsWithTypes, openReadOnly } from './inspect-legacy-file.js';

const ids = HOSTILE.ids;
const hexOf = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

let dir: string;
let summary: LegacyFileSummary;
let db: Database.Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-hostile-'));
  summary = await buildLegacyFile(join(dir, 'hostile.db'), {
    hostile: true,
    extraColumn: { table: 'api_requests', column: 'trace_id' },
    extraTable: 'plugin_state',
  });
  db = openReadOnly(summary.path);
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const one = (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as Record<string, unknown>;
/** `SELECT <expression> FROM <table> WHERE id = ?` */
const value = (table: string, expression: string, id: string) =>
  db.prepare(`SELECT ${expression} FROM ${table} WHERE id = ?`).pluck().get(id);

describe('a hostile S6 file', () => {
  it('keeps usernames that differ only by case or surrounding spaces apart', () => {
    const names = db.prepare('SELECT username FROM users').pluck().all();
    expect(names).toEqual(expect.arrayContaining(['admin', ...HOSTILE.usernameVariants, HOSTILE.unicodeUsername]));
    expect(names).toContain(HOSTILE.sqlUsername);
  });

  it('keeps virtual keys that differ only by letter case apart, each with its own sha256 key_hash', () => {
    for (const value of HOSTILE.keyValueVariants) {
      const row = one('SELECT key_hash FROM virtual_keys WHERE key_value = ?', value);
      expect(row.key_hash).toBe(createHash('sha256').update(value).digest('hex'));
    }
  });

  it('stores NUL characters inside bodies, byte for byte', () => {
    const request = value('api_requests', 'hex(request_body)', ids.nulApiRequest);
    expect(request).toBe(hexOf(HOSTILE.nulRequestBody));
    expect(String(request)).toContain('00');
    expect(value('api_requests', 'hex(response_body)', ids.nulApiRequest)).toBe(hexOf(HOSTILE.nulResponseBody));
    expect(value('api_requests', 'request_body', ids.nulApiRequest)).toBe(HOSTILE.nulRequestBody);
  });

  it('stores CJK and 4-byte emoji as UTF-8', () => {
    const row = one('SELECT hex(name) AS h FROM virtual_keys WHERE id = ?', ids.nullFlagsKey);
    expect(row.h).toBe(hexOf(HOSTILE.emojiText));
    expect(String(row.h)).toContain('F09F9A80'); // 🚀
    expect(one('SELECT count(*) AS n FROM providers WHERE id = ?', HOSTILE.providerId).n).toBe(1);
  });

  it('holds REAL durations in INTEGER columns; an integral REAL becomes INTEGER by column affinity', () => {
    const request = one(
      `SELECT typeof(response_time) AS t, response_time AS v, typeof(prompt_tokens) AS pt, prompt_tokens AS p
       FROM api_requests WHERE id = ?`,
      ids.nulApiRequest,
    );
    expect(request).toEqual({ t: 'real', v: HOSTILE.realResponseTime, pt: 'integer', p: 7 });
    const log = one(
      'SELECT typeof(classification_time) AS t, classification_time AS v FROM expert_routing_logs WHERE id = ?',
      ids.bigExpertLog,
    );
    expect(log).toEqual({ t: 'real', v: HOSTILE.realClassificationTime });
  });

  it('holds NULL flags', () => {
    const model = one('SELECT enabled, is_virtual FROM models WHERE id = ?', ids.nullFlagsModel);
    expect(model).toEqual({ enabled: null, is_virtual: null });
    const key = one('SELECT enabled, cache_enabled, disable_logging FROM virtual_keys WHERE id = ?', ids.nullFlagsKey);
    expect(key).toEqual({ enabled: null, cache_enabled: null, disable_logging: null });
    expect(one('SELECT cache_hit FROM api_requests WHERE id = ?', ids.danglingApiRequest).cache_hit).toBeNull();
  });

  it('holds invalid JSON and SQL-looking text unchanged', () => {
    expect(value('providers', 'model_mapping', HOSTILE.providerId)).toBe(HOSTILE.invalidJson);
    expect(() => JSON.parse(HOSTILE.invalidJson)).toThrow();
    expect(one('SELECT prompt_config AS v FROM models WHERE id = ?', ids.nullFlagsModel).v).toBe(HOSTILE.sqlText);
    expect(one('SELECT model AS v FROM api_requests WHERE id = ?', ids.danglingApiRequest).v).toBe(HOSTILE.sqlModel);
    expect(one('SELECT name AS v FROM providers WHERE id = ?', HOSTILE.providerId).v).toBe(HOSTILE.providerName);
  });

  it('holds megabyte and over-64-KB texts untruncated', () => {
    const original = String(value('expert_routing_logs', 'original_request', ids.bigExpertLog));
    expect(Buffer.byteLength(original)).toBeGreaterThanOrEqual(HOSTILE.originalRequestBytes);
    expect(value('expert_routing_logs', 'request_hash', ids.bigExpertLog)).toBe(
      createHash('md5').update(original).digest('hex'),
    );
    const errorBytes = value('api_requests', 'length(CAST(error_message AS BLOB))', ids.bigErrorApiRequest);
    expect(errorBytes).toBeGreaterThan(64 * 1024);
  });

  it('has a dangling reference of every declared kind, and the summary lists exactly what is on disk', () => {
    const kinds = summary.danglingReferences.map((ref) => `${ref.table}.${ref.column} -> ${ref.referencedTable}`);
    expect(new Set(kinds)).toEqual(
      new Set([
        'models.provider_id -> providers',
        'virtual_keys.provider_id -> providers',
        'virtual_keys.model_id -> models',
        'api_requests.virtual_key_id -> virtual_keys',
        'api_requests.provider_id -> providers',
        'model_routing_rules.portkey_gateway_id -> portkey_gateways',
        'expert_routing_logs.virtual_key_id -> virtual_keys',
        'expert_routing_logs.expert_routing_id -> expert_routing_configs',
      ]),
    );
    for (const ref of summary.danglingReferences) {
      expect(one(`SELECT ${ref.column} AS v FROM ${ref.table} WHERE id = ?`, ref.rowId).v).toBe(ref.value);
      expect(one(`SELECT count(*) AS n FROM ${ref.referencedTable} WHERE id = ?`, ref.value).n).toBe(0);
    }
  });

  it('has the unknown column and the unknown table it was asked for', () => {
    expect(columnsWithTypes(db, 'api_requests').at(-1)).toBe('trace_id TEXT');
    expect(db.prepare('SELECT count(*) FROM api_requests WHERE trace_id IS NULL').pluck().get()).toBe(0);
    expect(summary.tables.at(-1)).toBe('plugin_state');
    expect(summary.rowCounts.plugin_state).toBe(3);
  });

  it('counts the hostile rows on top of the ordinary ones', () => {
    expect(summary.rowCounts.api_requests).toBe(200 + 4);
    for (const [table, count] of Object.entries(summary.rowCounts)) {
      expect(db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get(), table).toBe(count);
    }
  });
});

describe('a hostile S1 file', () => {
  it('plants what its schema can hold, and dangling references only for the tables it has', async () => {
    const s1 = await buildLegacyFile(join(dir, 'hostile-s1.db'), { version: 'S1', hostile: true });
    const kinds = new Set(s1.danglingReferences.map((ref) => `${ref.table}.${ref.column}`));
    expect(kinds).toEqual(
      new Set([
        'models.provider_id',
        'virtual_keys.provider_id',
        'virtual_keys.model_id',
        'api_requests.virtual_key_id',
        'api_requests.provider_id',
      ]),
    );
    const s1db = openReadOnly(s1.path);
    try {
      const row = s1db
        .prepare('SELECT hex(request_body) AS h, typeof(response_time) AS t FROM api_requests WHERE id = ?')
        .get(ids.nulApiRequest);
      expect(row).toEqual({ h: hexOf(HOSTILE.nulRequestBody), t: 'real' });
    } finally {
      s1db.close();
    }
  });
});

describe('ordinary values', () => {
  it('have the formats of real files', () => {
    const sample = (sql: string) => db.prepare(sql).pluck().all() as string[];
    const nanoid = /^[A-Za-z0-9_-]{21}$/;
    for (const id of sample(`SELECT id FROM api_requests WHERE id NOT LIKE 'H0stile%'`)) expect(id).toMatch(nanoid);
    for (const hash of sample('SELECT password_hash FROM users')) expect(hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/);
    for (const key of sample('SELECT api_key FROM providers')) expect(key).toMatch(/^[0-9a-f]{32}:[0-9a-f]+$/);
    for (const key of sample('SELECT api_key FROM portkey_gateways')) expect(key).toMatch(/^pgw_[A-Za-z0-9_-]{32}$/);
    const keyValue = /^(vk_[A-Za-z0-9_-]{21}|[A-Za-z0-9_-]{8,64})$/;
    for (const key of sample('SELECT key_value FROM virtual_keys')) expect(key).toMatch(keyValue);
    for (const hash of sample('SELECT request_hash FROM expert_routing_logs')) expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(sample('SELECT DISTINCT status FROM api_requests ORDER BY 1')).toEqual(['error', 'success']);
    expect(sample(`SELECT id FROM api_requests WHERE status = 'error' AND error_message IS NULL`)).toEqual([]);
    expect(sample('SELECT key FROM system_config ORDER BY key')).toEqual(
      expect.arrayContaining([
        'allow_registration',
        'cors_enabled',
        'public_url',
        'litellm_compat_enabled',
        'expert_routing_preview_width',
      ]),
    );
  });

  it('have request bodies of about bodyBytes', () => {
    const average = db
      .prepare(`SELECT avg(length(CAST(request_body AS BLOB))) FROM api_requests WHERE id NOT LIKE 'H0stile%'`)
      .pluck()
      .get() as number;
    expect(average).toBeGreaterThan(3_500);
    expect(average).toBeLessThan(4_700);
  });
});
