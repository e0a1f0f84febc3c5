/**
 * The log writer's events as an operator's log collector gets them: a stable code, the table, the row id and the
 * error code, and never anything of the row itself (bodies and headers hold API keys and prompts).
 */
import { jsonLogger, type LogFields } from '@gateway-db/core/logger.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestLogWriter } from '../src/log-writer.js';
import { logWriterReporter } from '../src/log-writer-reporter.js';
import { FakeLogDatabase } from './helpers/fake-executor.js';
import { apiRequestRow } from './helpers/rows.js';
import { createTestStore, type TestStore } from './helpers/test-store.js';
import { LOG_EVENT_SECRETS } from './security/support/secret-markers.js';

/** Distinctive values a leak would carry into the log: none may appear in any event. */
const ROW_SECRETS = {
  requestBody: JSON.stringify({ api_key: LOG_EVENT_SECRETS.bodyApiKey }),
  responseBody: LOG_EVENT_SECRETS.responseBody,
  virtualKey: LOG_EVENT_SECRETS.virtualKey,
  model: LOG_EVENT_SECRETS.model,
};

interface RecordedEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields | undefined;
}

function recorder() {
  const events: RecordedEvent[] = [];
  const json: string[] = [];
  const toJson = jsonLogger((line) => json.push(line));
  const record = (level: RecordedEvent['level']) => (message: string, fields?: LogFields) => {
    events.push({ level, message, fields });
    toJson[level](message, fields);
  };
  return { events, json, logger: { info: record('info'), warn: record('warn'), error: record('error') } };
}

function secretRow(overrides = {}) {
  return apiRequestRow({
    request_body: ROW_SECRETS.requestBody,
    response_body: ROW_SECRETS.responseBody,
    virtual_key_id: ROW_SECRETS.virtualKey,
    model: ROW_SECRETS.model,
    ...overrides,
  });
}

function expectNoRowValues(recorded: ReturnType<typeof recorder>): void {
  const everything = JSON.stringify(recorded.events) + recorded.json.join('\n');
  for (const [name, value] of Object.entries(ROW_SECRETS)) {
    expect(everything.includes(value), `${name} appears in a log event`).toBe(false);
  }
}

describe('log writer events', () => {
  it('reports a refused row as log_writer.rejected with its table, row id and error code only', async () => {
    const db = new FakeLogDatabase();
    const recorded = recorder();
    const writer = new ApiRequestLogWriter(db, { onReport: logWriterReporter(recorded.logger) });
    const poison = secretRow();
    db.poisonIds.add(poison.id);
    writer.enqueue(poison);
    writer.enqueue(secretRow());
    await writer.close();
    expect(recorded.events).toEqual([
      {
        level: 'error',
        message: expect.stringContaining(poison.id),
        fields: { code: 'log_writer.rejected', table: 'api_requests', rowId: poison.id, errorCode: 'CONSTRAINT' },
      },
    ]);
    expect(JSON.parse(recorded.json[0] ?? '')).toMatchObject({
      level: 'error',
      code: 'log_writer.rejected',
      table: 'api_requests',
      rowId: poison.id,
      errorCode: 'CONSTRAINT',
    });
    expectNoRowValues(recorded);
  });

  it('reports a repaired row as log_writer.repaired with the column names, not their text', async () => {
    const recorded = recorder();
    const writer = new ApiRequestLogWriter(new FakeLogDatabase(), { onReport: logWriterReporter(recorded.logger) });
    const broken = secretRow({ response_body: `${ROW_SECRETS.responseBody} \ud83d` });
    writer.enqueue(broken);
    await writer.close();
    expect(recorded.events).toEqual([
      {
        level: 'warn',
        message: expect.stringContaining('response_body'),
        fields: { code: 'log_writer.repaired', table: 'api_requests', rowId: broken.id, columns: ['response_body'] },
      },
    ]);
    expectNoRowValues(recorded);
  });

  it('reports rows it could not write at close as log_writer.lost with their count and error code', async () => {
    const db = new FakeLogDatabase();
    const recorded = recorder();
    const writer = new ApiRequestLogWriter(db, { onReport: logWriterReporter(recorded.logger) });
    for (let i = 0; i < 3; i++) writer.enqueue(secretRow());
    db.down = true;
    await expect(writer.close()).rejects.toMatchObject({ code: 'CONNECTION' });
    expect(recorded.events.at(-1)).toEqual({
      level: 'error',
      message: '3 api_requests rows were lost at close (CONNECTION)',
      fields: { code: 'log_writer.lost', table: 'api_requests', errorCode: 'CONNECTION', count: 3 },
    });
    expectNoRowValues(recorded);
  });

  it('reports a flush that will be retried as log_writer.retrying with the rows kept and the delay', async () => {
    const db = new FakeLogDatabase();
    const recorded = recorder();
    const writer = new ApiRequestLogWriter(db, {
      onReport: logWriterReporter(recorded.logger),
      retryDelayMs: 60_000,
      flushIntervalMs: 1,
    });
    db.down = true;
    writer.enqueue(secretRow());
    await expect(writer.flush()).rejects.toMatchObject({ code: 'CONNECTION' });
    expect(recorded.events).toContainEqual({
      level: 'warn',
      message: expect.any(String),
      fields: {
        code: 'log_writer.retrying',
        table: 'api_requests',
        errorCode: 'CONNECTION',
        count: 1,
        durationMs: expect.any(Number),
      },
    });
    db.down = false;
    await writer.close();
    expectNoRowValues(recorded);
  });

  it('reports a full buffer and the rows dropped with counts', async () => {
    const db = new FakeLogDatabase();
    const recorded = recorder();
    const writer = new ApiRequestLogWriter(db, {
      onReport: logWriterReporter(recorded.logger),
      maxBufferedRows: 2,
      flushIntervalMs: 60_000,
    });
    for (let i = 0; i < 5; i++) writer.enqueue(secretRow());
    await writer.flush();
    writer.enqueue(secretRow());
    await writer.close();
    const codes = recorded.events.map((event) => event.fields?.code);
    expect(codes).toContain('log_writer.buffer_full');
    expect(recorded.events).toContainEqual(
      expect.objectContaining({ fields: { code: 'log_writer.dropped', table: 'api_requests', count: 3 } }),
    );
    expectNoRowValues(recorded);
  });
});

describe.each(testDialects())('log writer events on %s', (dialect) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore(dialect, 'logevents');
    await applyMigrations(store.executor);
  });
  afterAll(() => store?.drop());

  it('reports a duplicate id as CONFLICT by row id, with the driver message stripped of the row', async () => {
    const recorded = recorder();
    const first = secretRow();
    const earlier = new ApiRequestLogWriter(store.executor, { onReport: logWriterReporter(recorded.logger) });
    earlier.enqueue(first);
    await earlier.close();
    const writer = new ApiRequestLogWriter(store.executor, { onReport: logWriterReporter(recorded.logger) });
    writer.enqueue({ ...secretRow(), id: first.id });
    writer.enqueue(secretRow());
    await writer.close();
    expect(recorded.events).toEqual([
      {
        level: 'error',
        message: expect.stringContaining('(CONFLICT)'),
        fields: { code: 'log_writer.rejected', table: 'api_requests', rowId: first.id, errorCode: 'CONFLICT' },
      },
    ]);
    expectNoRowValues(recorded);
  });
});
