/** How a flush reaches the database: one statement per flush where statements are cheap, few sizes on MySQL. */
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestLogWriter } from '../../src/log-writer.js';
import { openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('log batches on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('writes 23 buffered rows in one INSERT on SQLite and in power-of-two INSERTs (16, 4, 2, 1) on MySQL', async () => {
    await store.reset();
    // A writer on the recording executor, so its statements are seen.
    const writer = new ApiRequestLogWriter(store.executor, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 23; i++)
      writer.enqueue({ id: `row-${i}`, created_at: Date.now(), model: `m${i}`, status: 'success' });
    await writer.close();
    const inserts = store.statements.filter((sql) => /^insert into [`"]api_requests[`"]/i.test(sql));
    const rowsPerInsert = inserts.map((sql) => sql.split('), (').length);
    expect(rowsPerInsert).toEqual(dialect === 'sqlite' ? [23] : [16, 4, 2, 1]);
    const page = await store.repos.apiRequests.getAll({ pageSize: 50, startTime: 0 });
    expect(page.total).toBe(23);
  });
});
