/**
 * A content checksum computed the same way on both sides, chunked like pt-table-checksum: rows are read in primary
 * key order (byte order on every store), each chunk of CHUNK_ROWS rows is hashed over a canonical encoding of its
 * rows, and the table checksum hashes the chunk hashes. Comparing chunk lists pinpoints the first differing range.
 */
import { createHash, type Hash } from 'node:crypto';
import { type CanonicalValue, displayText } from './value-codec.js';

const CHUNK_ROWS = 1000;

/**
 * A content checksum, not a security boundary (pt-table-checksum uses CRC32/MD5): SHA-1 hashes about 2.5 times
 * faster than SHA-256 here and still makes an accidental collision negligible.
 */
export const CHECKSUM_ALGORITHM = 'sha1';

export interface TableChecksum {
  readonly rows: number;
  /** UTF-8 bytes of all canonical values. */
  readonly bytes: number;
  /** SHA-1 (hex) over the chunk hashes. */
  readonly checksum: string;
  readonly chunks: readonly ChunkChecksum[];
}

export interface ChunkChecksum {
  /** Primary key of the chunk's first row: where to look when the chunk differs. */
  readonly firstId: string;
  readonly hash: string;
}

/**
 * One value, unambiguously: a type tag, then a length or a terminator. Strings are measured in UTF-16 units, which
 * is exact because both sides hash the same JS string.
 */
function encodeValue(value: CanonicalValue): string {
  // Keep in step with ChecksumBuilder.add, which streams strings instead of concatenating them.
  if (value === null) return 'N';
  if (typeof value === 'string') return `S${value.length}:${value}`;
  if (typeof value === 'bigint') return `I${value};`;
  // Text kept as its (not UTF-8) bytes: tagged apart, so it never equals the text the bytes decode to.
  if (Buffer.isBuffer(value)) return `B${value.length}:${value.toString('hex')};`;
  return `D${Object.is(value, -0) ? '-0' : String(value)};`;
}

export function encodeRow(row: readonly CanonicalValue[]): string {
  let out = 'R';
  for (const value of row) out += encodeValue(value);
  return out;
}

export class ChecksumBuilder {
  private rows = 0;
  private bytes = 0;
  private chunkRows = 0;
  private chunkHash: Hash | undefined;
  private chunkFirstId = '';
  private readonly chunks: ChunkChecksum[] = [];

  constructor(private readonly primaryKeyIndex: number) {}

  /** UTF-8 bytes of the string values added so far (what the progress bar shows as bytes). */
  get byteCount(): number {
    return this.bytes;
  }

  add(row: readonly CanonicalValue[]): void {
    if (this.chunkHash === undefined) {
      this.chunkHash = createHash(CHECKSUM_ALGORITHM);
      this.chunkFirstId = displayText(row[this.primaryKeyIndex] ?? null);
    }
    // Value by value: no row-sized string or buffer is built just to be hashed.
    const hash = this.chunkHash;
    hash.update('R');
    for (const value of row) {
      if (typeof value === 'string') {
        hash.update(`S${value.length}:`);
        hash.update(value, 'utf8');
        this.bytes += Buffer.byteLength(value, 'utf8');
      } else {
        if (Buffer.isBuffer(value)) this.bytes += value.length;
        hash.update(encodeValue(value));
      }
    }
    this.rows += 1;
    this.chunkRows += 1;
    if (this.chunkRows === CHUNK_ROWS) this.closeChunk();
  }

  private closeChunk(): void {
    if (this.chunkHash === undefined) return;
    this.chunks.push({ firstId: this.chunkFirstId, hash: this.chunkHash.digest('hex') });
    this.chunkHash = undefined;
    this.chunkRows = 0;
  }

  finish(): TableChecksum {
    this.closeChunk();
    const total = createHash(CHECKSUM_ALGORITHM);
    for (const chunk of this.chunks) total.update(chunk.hash);
    return { rows: this.rows, bytes: this.bytes, checksum: total.digest('hex'), chunks: this.chunks };
  }
}

/** The first chunk whose hash differs, as a description naming only its first row id. */
export function firstDifference(a: TableChecksum, b: TableChecksum): string | undefined {
  const n = Math.max(a.chunks.length, b.chunks.length);
  for (let i = 0; i < n; i++) {
    const left = a.chunks[i];
    const right = b.chunks[i];
    if (left?.hash !== right?.hash) {
      const id = left?.firstId ?? right?.firstId ?? '?';
      return `chunk ${i} (rows ${i * CHUNK_ROWS + 1}-${(i + 1) * CHUNK_ROWS}, starting at id ${id})`;
    }
  }
  return undefined;
}
