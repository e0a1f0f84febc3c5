/**
 * Tools to prove a secret never leaves gateway-db: every form in which an error or a config could be printed,
 * and a capture of everything written to stdout, stderr, the console and the gateway-db logger.
 */
import { inspect } from 'node:util';
import type { GatewayDbLogger } from '@gateway-db/core/logger.js';

/** Everything an error could become in a log: message, stack, cause chain, own fields, JSON, util.inspect. */
export function printedForms(error: unknown): string {
  const forms: string[] = [];
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && current !== null && !seen.has(current); ) {
    seen.add(current);
    if (current instanceof Error) {
      forms.push(String(current), current.message, current.stack ?? '');
      for (const name of Object.getOwnPropertyNames(current))
        forms.push(`${name}=${safeString((current as unknown as Record<string, unknown>)[name])}`);
      current = current.cause;
    } else {
      forms.push(safeString(current));
      current = undefined;
    }
  }
  forms.push(safeJson(error), inspect(error, { depth: 5, showHidden: true }));
  return forms.join('\n');
}

function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  return `${safeJson(value)} ${inspect(value, { depth: 5 })}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})) ?? '';
  } catch {
    return '';
  }
}

/** The markers found in `text` (none is the only passing answer). */
export function markersIn(text: string, markers: readonly string[]): string[] {
  return markers.filter((marker) => text.includes(marker));
}

export interface OutputCapture {
  /** A logger for gateway-db that records into this capture. */
  readonly logger: GatewayDbLogger;
  /** All text written so far: process.stdout/stderr, console.*, the logger. */
  text(): string;
  /** Restores stdout, stderr and the console. */
  restore(): void;
}

/**
 * Records everything written to process.stdout, process.stderr and console.* (and still passes it through), so
 * a test can check what a user would see in the terminal or the log collector.
 */
export function captureOutput(): OutputCapture {
  const chunks: string[] = [];
  const record = (chunk: unknown) =>
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : inspect(chunk));
  const originalStdout = process.stdout.write.bind(process.stdout);
  const originalStderr = process.stderr.write.bind(process.stderr);
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originalConsole = consoleMethods.map((name) => [name, console[name]] as const);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    return originalStdout(chunk as string, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    return originalStderr(chunk as string, ...(rest as []));
  }) as typeof process.stderr.write;
  for (const [name, original] of originalConsole) {
    console[name] = (...args: unknown[]) => {
      record(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 5 }))).join(' '));
      original.apply(console, args);
    };
  }
  const log = (level: string) => (message: string) => record(`[logger ${level}] ${message}`);
  return {
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    text: () => chunks.join('\n'),
    restore() {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
      for (const [name, original] of originalConsole) console[name] = original;
    },
  };
}
