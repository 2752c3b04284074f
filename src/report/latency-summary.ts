/** Quantiles of a sample as the report keeps them (scenario latencies, load phases). */
export interface LatencySummary {
  /** How many values; 0 means none measured (the quantiles are then null). */
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}
