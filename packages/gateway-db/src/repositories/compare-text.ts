/**
 * One ordering for text computed in JS (UTF-16 code units), used where SQL would order differently per dialect:
 * MySQL's utf8mb4_unicode_ci folds case, SQLite compares bytes. `null` sorts first.
 */
export function compareText(a: string | null, b: string | null): number {
  const left = a ?? '';
  const right = b ?? '';
  return left < right ? -1 : left > right ? 1 : 0;
}
