/**
 * The migrator verifies the dashboard rollups against the rows they count, in both directions: a gateway-db
 * store with rollups (and rows the backfill has not reached) copies to the other dialect with the same dashboard
 * numbers; a source whose rollups already disagree with its rows is copied as it is, with a warning; a copy whose
 * rollups disagree while the source's agree fails verification.
 */
import { migrate, parseEndpoint as parse, silentLogger } from '@gateway-db/migrator';
import { openSource } from '@gateway-db/migrator/open-stores.js';
import { checkRollups, verifyRollupsOfCopy } from '@gateway-db/migrator/verify-rollups.js';
import type { Dialect } from '@gateway-db/schema';
import { createTestDatabase, type TestDatabase, testDialects } from '@gateway-db/test-support';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/create-gateway-db.js';
import { apiRequestRow } from '../helpers/rows.js';

const HOUR = 3_600_000;
const START = 1_760_000_000_000;
const ALL_TIME = { startTime: 0, endTime: 4_000_000_000_000 };

function endpointOf(database: TestDatabase): string {
  if (database.sqlitePath) return `sqlite:${database.sqlitePath}`;
  if (database.mysql) return database.mysql.url;
  throw new Error('test database without an address');
}

async function open(database: TestDatabase, dialect: Dialect): Promise<GatewayDb> {
  return createGatewayDb({
    ...(dialect === 'sqlite'
      ? { dialect, sqlite: { path: database.sqlitePath ?? '' } }
      : { dialect, mysql: { url: database.mysql?.url ?? '' } }),
    env: {},
    logger: silentLogger,
    legacyImporter: false,
    rollupBackfill: false,
  });
}

/** 300 requests over 30 hours through the writer (rolled up), 40 more stored unrolled (the backfill's work). */
async function fillSource(db: GatewayDb): Promise<void> {
  for (let i = 0; i < 300; i++) {
    db.apiRequests.create(
      apiRequestRow({
        created_at: START + i * (HOUR / 10),
        status: i % 7 === 0 ? 'error' : 'success',
        cache_hit: i % 11 === 0,
        total_tokens: i,
      }),
    );
  }
  // Values the counting rules treat specially: byte-exact statuses, absurd and missing token counts.
  for (const [status, total_tokens] of [
    ['Success ', 5],
    ['ERROR', 7],
    ['success', 5e12],
    ['error', null],
  ] as const) {
    db.apiRequests.create(apiRequestRow({ created_at: START + 5 * HOUR + 17, status, total_tokens }));
  }
  await db.apiRequests.flush();
  const unrolled = Array.from({ length: 40 }, (_, i) => ({
    ...apiRequestRow({ created_at: START + i * HOUR }),
    rolled_up: false,
  }));
  if (db.orm.dialect === 'sqlite') await db.orm.client.insert(db.orm.tables.apiRequests).values(unrolled);
  else await db.orm.client.insert(db.orm.tables.apiRequests).values(unrolled);
}

/** Adds one request to the first hourly rollup row: the rollups now disagree with the rows. */
async function tamper(db: GatewayDb): Promise<void> {
  // MySQL refuses a subquery on the table it updates; both take UPDATE ... WHERE id IN (a derived table).
  const bump = sql`UPDATE api_request_rollups SET requests = requests + 1 WHERE id IN (SELECT id FROM (SELECT id FROM api_request_rollups WHERE period_ms = ${HOUR} ORDER BY id LIMIT 1) AS first)`;
  if (db.orm.dialect === 'sqlite') await db.orm.client.run(bump);
  else await db.orm.client.execute(bump);
}

const dialects = testDialects();
const pairs: [Dialect, Dialect][] = dialects.includes('mysql')
  ? [
      ['sqlite', 'mysql'],
      ['mysql', 'sqlite'],
    ]
  : [['sqlite', 'sqlite']];

describe.each(pairs)('rollups copied from %s to %s', (from, to) => {
  const databases: TestDatabase[] = [];
  const database = async (dialect: Dialect, label: string) => {
    const created = await createTestDatabase(dialect, label);
    databases.push(created);
    return created;
  };
  afterAll(async () => {
    for (const created of databases) await created.drop();
  });

  it('keeps every dashboard number, rolled-up rows and not-yet-rolled-up rows alike, verified', async () => {
    const source = await database(from, 'rollup-src');
    const db = await open(source, from);
    await fillSource(db);
    const before = await db.apiRequests.getStats(ALL_TIME);
    await db.close();

    const target = await database(to, 'rollup-dst');
    const report = await migrate({ from: endpointOf(source), to: endpointOf(target), logger: silentLogger });
    expect(report.ok).toBe(true);
    expect(report.notes.join('\n')).not.toMatch(/rollups/);

    const copied = await open(target, to);
    try {
      expect(await copied.apiRequests.getStats(ALL_TIME)).toEqual(before);
      expect(before.totalRequests).toBe(344);
      await copied.backfillRollups();
      expect(await copied.apiRequests.getStats(ALL_TIME)).toEqual(before);
    } finally {
      await copied.close();
    }
  });

  it('copies a source whose rollups disagree with its rows as it is, and says so', async () => {
    const source = await database(from, 'rollup-bad');
    const db = await open(source, from);
    await fillSource(db);
    await tamper(db);
    await db.close();
    const reader = await openSource(parse(endpointOf(source)));
    const check = await checkRollups(reader.client).finally(() => reader.close());
    expect(check.periodsCompared).toBeGreaterThan(30);
    // The tampered hour (its day's rollup was left as it was, and still agrees with the rows).
    expect(check.differingPeriods).toBe(1);
    expect(check.differences[0]).toMatch(/^hour \S+: requests \d+ in the rollups, \d+ in the rows$/);

    const target = await database(to, 'rollup-bad-dst');
    const report = await migrate({ from: endpointOf(source), to: endpointOf(target), logger: silentLogger });
    expect(report.ok).toBe(true);
    expect(report.notes.join('\n')).toMatch(/already disagreed with its rows \(1 period,/);
  });

  it('fails verification when the copy disagrees but the source agrees', async () => {
    const source = await database(from, 'rollup-good');
    const db = await open(source, from);
    await fillSource(db);
    await db.close();
    const target = await database(to, 'rollup-good-dst');
    await migrate({ from: endpointOf(source), to: endpointOf(target), logger: silentLogger });
    const copied = await open(target, to);
    await tamper(copied);
    await copied.close();

    const [original, copy] = [await openSource(parse(endpointOf(source))), await openSource(parse(endpointOf(target)))];
    try {
      await expect(verifyRollupsOfCopy(original.client, true, copy.client, [])).rejects.toMatchObject({
        code: 'VERIFY_FAILED',
        message: expect.stringMatching(/dashboard rollups disagree with its rows in 1 period,/),
      });
    } finally {
      await original.close();
      await copy.close();
    }
  });
});
