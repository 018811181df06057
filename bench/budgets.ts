/**
 * The performance budgets, checked by the benchmark (never by timed assertions in tests). The
 * stop's are set on a realistic network path against the raw floor on the same path
 * (docs/performance.md); the earlier ratios to a bare request on loopback are withdrawn.
 */
export const BUDGETS = {
  /** Warm and first stop: p50 ≤ raw p50 + this. */
  stopOverRawP50Ms: 1,
  /** Warm and first stop: p99 ≤ raw p99 + this. */
  stopOverRawP99Ms: 2,
  /** Black hole: p50 ≤ hedge delay + one handshake + one round trip + this. Restart: ≤ one handshake + one round trip + this. */
  recoverySlackMs: 50,
  /** Black hole, kept warm: p50 ≤ hedge delay + one round trip + this (the hedge rides the standby: no handshake). */
  standbyHedgeSlackMs: 30,
  /** No call's outcome later than its deadline + this (lossy part). */
  deadlineSlackMs: 50,
  /**
   * 80 KB = 80,000 bytes of gzipped JavaScript the panel loads before it is usable (the scripts
   * index.html names: entry and modulepreloads). The views loaded on first open and the other
   * language's catalogue are printed beside it, and all of it together has its own ceiling.
   */
  rendererFirstLoadGzipBytes: 80_000,
  rendererTotalGzipBytes: 95_000,
  idleCpuPercentOfOneCore: 1,
} as const;

export interface BudgetCheck {
  readonly name: string;
  readonly measured: number | null;
  readonly limit: number;
  readonly pass: boolean;
  readonly detail: string;
}

export function check(name: string, measured: number | null, limit: number, detail: string): BudgetCheck {
  return { name, measured, limit, pass: measured !== null && measured <= limit, detail };
}
