/** Parsing and checking of single config values; every failure is one CONFIG line that says what to fix. */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { GatewayDbError } from './errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export function configError(message: string): GatewayDbError {
  return new GatewayDbError({ code: 'CONFIG', message });
}

/**
 * The environment to read: `env` over the variables of the `.env` file at `envFile` (when it exists), so a real
 * environment variable always wins over the file.
 */
export function environmentWithEnvFile(env: Env, envFile: string | false): Env {
  if (envFile === false || !existsSync(envFile)) return env;
  let fromFile: Record<string, string | undefined>;
  try {
    fromFile = parseEnv(readFileSync(envFile, 'utf8'));
  } catch {
    throw configError(`Cannot read the .env file at ${envFile}: fix its syntax (KEY=value lines) or remove it`);
  }
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}

/** An env value, with empty strings treated as unset. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function integerIn(name: string, value: number | string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw configError(`${name} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
  }
  return n;
}

export function booleanOf(name: string, value: boolean | string): boolean {
  if (typeof value === 'boolean') return value;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw configError(`${name} must be true or false, got "${value}"`);
}

const DATABASE_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

export function databaseName(name: string, value: string): string {
  if (!DATABASE_NAME.test(value)) {
    throw configError(`${name} must be 1-64 characters of letters, digits, _, $ or -, got "${value}"`);
  }
  return value;
}

export function nonEmpty(name: string, value: string): string {
  if (value.trim() === '') throw configError(`${name} must not be empty`);
  return value;
}
