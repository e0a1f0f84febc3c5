/** Where the migrator's log lines go: gateway-db's logger shape, each line prefixed as the legacy guide shows them. */
import { type GatewayDbLogger, silentLogger } from '@gateway-db/core';

export type Logger = GatewayDbLogger;

export const LOG_PREFIX = '[Migration]';

/** `logger` with every line prefixed `[Migration] `; the fields (if any) pass through unchanged. */
export function withMigrationPrefix(logger: Logger): Logger {
  return {
    info: (message, fields) => logger.info(`${LOG_PREFIX} ${message}`, fields),
    warn: (message, fields) => logger.warn(`${LOG_PREFIX} ${message}`, fields),
    error: (message, fields) => logger.error(`${LOG_PREFIX} ${message}`, fields),
  };
}

/** The default: the console, `[Migration] ...` lines. */
export const consoleLogger: Logger = withMigrationPrefix({
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
});

export { silentLogger };
