/**
 * MariaDB can fail a GROUP BY on a LONGTEXT expression that spills to an on-disk temporary table (error 6 on
 * "#sql-temptable-...MAI"). No dashboard statement groups by the model text: they group by its 64-character key
 * (the stored `model_key` of the rollups, or the same sha256 computed from a raw row's model) or, on MySQL, by
 * its length and first 200 bytes (the bytes of a short model, the sha256 of a longer one). SQLite has no such
 * failure and groups raw rows by the model itself.
 */
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const DAY = 86_400_000;

describe.each(testDialects())('dashboard statements on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('never GROUP BY the model text', async () => {
    const now = Date.now();
    for (let i = 0; i < 50; i++) {
      store.repos.apiRequests.create({ created_at: now - i * 3_600_000, model: `m${i % 3}`, status: 'success' });
    }
    await store.repos.apiRequests.flush();
    store.statements.length = 0;
    const range = { startTime: now - 3 * DAY - 1234, endTime: now };
    const models = await store.repos.apiRequests.getModelStats({ ...range, limit: 10 });
    expect(models.map((m) => m.requestCount).reduce((a, b) => a + b, 0)).toBe(50);
    await store.repos.apiRequests.getStats(range);
    await store.repos.apiRequests.getTrend({ ...range, interval: 'hour' });
    await store.repos.apiRequests.getTrendByKey({ ...range, interval: 'day' });
    await store.repos.apiRequests.getAll({ ...range, page: 2, model: 'm1' });
    const grouping = store.statements.filter((sql) => /group by/i.test(sql));
    expect(grouping.length).toBeGreaterThanOrEqual(4);
    // Each GROUP BY list runs to the end of its SELECT: the next union member, closing subquery or clause.
    const lists = grouping.flatMap((sql) =>
      [...sql.matchAll(/group by (.*?)(?=\)?\s*union all|\)\s*as |\s*order by|\s*having|\s*limit|$)/gis)].map(
        (m) => m[1],
      ),
    );
    expect(lists.length).toBeGreaterThanOrEqual(grouping.length);
    // The uses of the model text allowed in a GROUP BY are bounded: its key (64 characters), its length (a number)
    // and, on MySQL, its first 200 bytes (modelGroup).
    const bounded = [
      /(SHA2|gateway_db_sha256)\(["`]api_requests["`]\.["`]model["`](, 256)?\)/g,
      /LENGTH\(`api_requests`\.`model`\)/g,
      /LEFT\(CAST\(`api_requests`\.`model` AS BINARY\), 200\)/g,
    ];
    const unbounded = (list: string) => bounded.reduce((text, form) => text.replace(form, 'BOUNDED'), list);
    // SQLite groups raw rows by the model itself (its temporary b-trees take keys of any size; hashing each row
    // cost ~2 us): there the statements only have to add up, as checked above.
    const grouped = lists.filter((list) => /["`]model["`]/.test(unbounded(list ?? '')));
    expect(grouped).toEqual(dialect === 'mysql' ? [] : expect.arrayContaining([expect.any(String)]));
  });
});
