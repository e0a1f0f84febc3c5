/** The logger interface's structured fields: jsonLogger's lines, the allowed keys, loggers written for one argument. */
import { describe, expect, it } from 'vitest';
import { pickLogFields } from '../src/log-fields.js';
import { consoleLogger, type GatewayDbLogger, jsonLogger, type LogFields } from '../src/logger.js';

function parsedLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.map((line) => {
    expect(line).not.toContain('\n');
    return JSON.parse(line) as Record<string, unknown>;
  });
}

describe('jsonLogger', () => {
  it('writes one JSON object per line with level, ISO time, msg, code and the fields given', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line));
    logger.error('api_requests row r1 was not written (CONFLICT): duplicate id', {
      code: 'log_writer.rejected',
      table: 'api_requests',
      rowId: 'r1',
      errorCode: 'CONFLICT',
    });
    logger.info('applied migration 0001_init (12 statements) to sqlite:x', {
      code: 'migration.applied',
      migration: '0001_init',
      count: 12,
    });
    logger.warn('a line from before fields existed');
    const [rejected, applied, plain] = parsedLines(lines);
    expect(rejected).toEqual({
      time: expect.any(String),
      level: 'error',
      source: 'gateway-db',
      code: 'log_writer.rejected',
      table: 'api_requests',
      rowId: 'r1',
      errorCode: 'CONFLICT',
      msg: 'api_requests row r1 was not written (CONFLICT): duplicate id',
    });
    expect(new Date(String(rejected?.time)).toISOString()).toBe(rejected?.time);
    expect(applied).toMatchObject({ level: 'info', code: 'migration.applied', migration: '0001_init', count: 12 });
    expect(plain).toEqual({ time: expect.any(String), level: 'warn', source: 'gateway-db', msg: expect.any(String) });
  });

  it('keeps a message with newlines and quotes on one line', () => {
    const lines: string[] = [];
    jsonLogger((line) => lines.push(line)).warn('two\nlines "quoted"', { code: 'slow_query', kind: 'select' });
    expect(lines).toHaveLength(1);
    expect(parsedLines(lines)[0]?.msg).toBe('two\nlines "quoted"');
  });

  it('writes only the known keys, each of its type: an extra key passed from untyped code is dropped', () => {
    const lines: string[] = [];
    const smuggled = {
      code: 'log_writer.repaired',
      rowId: 'r2',
      columns: ['response_body'],
      body: 'sk-live-SMUGGLED-VALUE',
      count: 'not a number',
      level: 'debug',
      msg: 'forged',
    } as unknown as LogFields;
    jsonLogger((line) => lines.push(line)).warn('repaired', smuggled);
    expect(lines[0]).not.toContain('SMUGGLED');
    expect(parsedLines(lines)[0]).toEqual({
      time: expect.any(String),
      level: 'warn',
      source: 'gateway-db',
      code: 'log_writer.repaired',
      rowId: 'r2',
      columns: ['response_body'],
      msg: 'repaired',
    });
  });
});

describe('the logger interface', () => {
  it('still accepts loggers written for one argument, which simply do not see the fields', () => {
    const seen: string[] = [];
    const oneArgument: GatewayDbLogger = {
      info: (message: string) => seen.push(message),
      warn: (message: string) => seen.push(message),
      error: (message: string) => seen.push(message),
    };
    oneArgument.warn('slow query: select took 9 ms', { code: 'slow_query', durationMs: 9 });
    expect(seen).toEqual(['slow query: select took 9 ms']);
  });

  it('prints the same text line on the console, fields or not', () => {
    const printed: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => printed.push(args);
    try {
      consoleLogger.warn('3 api_requests rows were dropped', { code: 'log_writer.dropped', count: 3 });
    } finally {
      console.warn = original;
    }
    expect(printed).toEqual([['[gateway-db] 3 api_requests rows were dropped']]);
  });

  it('picks nothing from no fields', () => {
    expect(pickLogFields(undefined)).toEqual({});
  });
});
