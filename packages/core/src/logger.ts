/**
 * Where gateway-db reports what it does (migrations applied, rows it could not write). Messages passed here never
 * hold secrets, SQL values or row contents: only table names, row ids, counts and error codes. The optional
 * second argument carries the same facts for machines (log-fields.ts).
 */
import { type LogFields, pickLogFields } from './log-fields.js';

export type { LogEventCode, LogFields } from './log-fields.js';

/**
 * A logger. `fields` is optional so loggers written for the one-argument shape (`info(message)`) keep working:
 * they simply do not see the fields.
 */
export interface GatewayDbLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * The default logger: the console, each line prefixed with `[gateway-db]`. It prints the text only: the text
 * already says what the fields say, and people read these lines.
 */
export const consoleLogger: GatewayDbLogger = {
  info: (message) => console.info(`[gateway-db] ${message}`),
  warn: (message) => console.warn(`[gateway-db] ${message}`),
  error: (message) => console.error(`[gateway-db] ${message}`),
};

/** A logger that drops everything (tests, tools that print their own output). */
export const silentLogger: GatewayDbLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Level = 'info' | 'warn' | 'error';

/**
 * One JSON object per line for log collectors, written to stdout by default:
 * `{"time","level","source","code",...fields,"msg"}`. `time` is ISO 8601 UTC; `code` and the other fields are
 * those of log-fields.ts (only those: an unknown key is dropped), absent when the call site gave none.
 */
export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): GatewayDbLogger {
  const emit = (level: Level, message: string, fields?: LogFields) =>
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        source: 'gateway-db',
        ...pickLogFields(fields),
        msg: message,
      }),
    );
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
