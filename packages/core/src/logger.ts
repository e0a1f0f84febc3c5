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
