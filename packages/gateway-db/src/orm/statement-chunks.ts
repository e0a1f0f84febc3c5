/** How multi-row statements are cut into chunks. */

/**
 * Chunks whose sizes are powers of two, largest first (37 -> 32, 4, 1), at most `max` rows each: on MySQL each
 * distinct statement text is a server-side prepared statement per connection, so only a handful may exist.
 */
export function powerOfTwoChunks<T>(rows: readonly T[], max = Number.POSITIVE_INFINITY): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  while (start < rows.length) {
    let size = 1;
    while (size * 2 <= rows.length - start && size * 2 <= max) size *= 2;
    chunks.push(rows.slice(start, start + size));
    start += size;
  }
  return chunks;
}

/** Chunks of at most `size` rows (SQLite: distinct texts are cheap, only the bound-variable limit matters). */
export function fixedChunks<T>(rows: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}
