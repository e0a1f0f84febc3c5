/** Where the migrator's log lines go. The default prints the legacy guide's `[Migration] ...` lines. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const LOG_PREFIX = '[Migration]';

export const consoleLogger: Logger = {
  info: (message) => console.log(`${LOG_PREFIX} ${message}`),
  warn: (message) => console.warn(`${LOG_PREFIX} ${message}`),
  error: (message) => console.error(`${LOG_PREFIX} ${message}`),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
