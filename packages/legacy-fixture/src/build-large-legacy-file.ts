import { type BuildLegacyFileOptions, buildLegacyFile, type LegacyFileSummary } from './build-legacy-file.js';

export type BuildLargeLegacyFileOptions = Omit<BuildLegacyFileOptions, 'engine'>;

/**
 * The benchmark file: same schema and value shapes as `buildLegacyFile`, streamed to disk with better-sqlite3 in
 * batches (sql.js would need the whole ~550 MB in memory, twice, to export it). Defaults: 100,000 api_requests
 * with ~4 KB request bodies, created directly at S6.
 */
export function buildLargeLegacyFile(
  path: string,
  options: BuildLargeLegacyFileOptions = {},
): Promise<LegacyFileSummary> {
  return buildLegacyFile(path, {
    history: 'fresh',
    ...options,
    rows: { api_requests: 100_000, expert_routing_logs: 1_000, ...options.rows },
    engine: 'better-sqlite3',
  });
}
