/** The additive columns of api_request_rollups: an upsert adds each to the stored row's value. */
export const ROLLUP_COUNTERS = [
  'requests',
  'successes',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cache_hits',
  'cache_saved_tokens',
  'response_time_sum',
  'response_time_count',
] as const;
