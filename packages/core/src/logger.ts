/**
 * Where gateway-db reports what it does (migrations applied, rows it could not write). Messages passed here never
 * hold secrets, SQL values or row contents: only table names, row ids, counts and error codes.
 */
export interface GatewayDbLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The default logger: the console, each line prefixed with `[gateway-db]`. */
export const consoleLogger: GatewayDbLogger = {
  info: (message) => console.info(`[gateway-db] ${message}`),
  warn: (message) => console.warn(`[gateway-db] ${message}`),
  error: (message) => console.error(`[gateway-db] ${message}`),
};

/** A logger that drops everything (tests, tools that print their own output). */
export const silentLogger: GatewayDbLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * One JSON object per line (`{"time","level","source","message"}`) for log collectors, written to stdout by
 * default. Messages are the same value-free texts as the console logger's.
 */
export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): GatewayDbLogger {
  const emit = (level: 'info' | 'warn' | 'error', message: string) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, source: 'gateway-db', message }));
  return {
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}
