/**
 * Finds known secret values in a byte buffer (a log, a report), byte for byte in UTF-8. Thousands of values over
 * megabytes of output: candidates are looked up by their first bytes at each position, not searched one by one.
 */
import { createHash } from 'node:crypto';
import type { KnownSecret } from './known-secrets.js';

/** Every secret is at least this long (the shortest custom virtual key is 8 characters). */
export const MIN_SECRET_BYTES = 8;

export interface SecretHit {
  readonly kind: string;
  /** A short hash of the value, to tell two hits apart without printing the secret. */
  readonly fingerprint: string;
  /** 1-based line and byte column. */
  readonly line: number;
  readonly column: number;
}

export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 12);
}

interface Candidate {
  readonly secret: KnownSecret;
  readonly bytes: Buffer;
}

function indexByPrefix(secrets: readonly KnownSecret[]): Map<string, Candidate[]> {
  const byPrefix = new Map<string, Candidate[]>();
  for (const secret of secrets) {
    const bytes = Buffer.from(secret.value, 'utf8');
    if (bytes.length < MIN_SECRET_BYTES)
      throw new Error(`${secret.kind} is shorter than ${MIN_SECRET_BYTES} bytes: too short to search for`);
    const prefix = bytes.subarray(0, MIN_SECRET_BYTES).toString('latin1');
    const list = byPrefix.get(prefix) ?? [];
    list.push({ secret, bytes });
    byPrefix.set(prefix, list);
  }
  return byPrefix;
}

export function findSecrets(data: Buffer, secrets: readonly KnownSecret[]): SecretHit[] {
  const byPrefix = indexByPrefix(secrets);
  // latin1: one character per byte, so string offsets are byte offsets.
  const text = data.toString('latin1');
  const hits: SecretHit[] = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i + MIN_SECRET_BYTES <= text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
      continue;
    }
    const candidates = byPrefix.get(text.slice(i, i + MIN_SECRET_BYTES));
    if (candidates === undefined) continue;
    for (const { secret, bytes } of candidates) {
      if (data.subarray(i, i + bytes.length).equals(bytes)) {
        hits.push({ kind: secret.kind, fingerprint: fingerprint(secret.value), line, column: i - lineStart + 1 });
      }
    }
  }
  return hits;
}
