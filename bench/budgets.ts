/** The performance budgets of issue 6, checked by the benchmark (never by timed assertions in tests). */

export const BUDGETS = {
  fullOverFloorP50: 1.15,
  fullOverFloorP99: 1.5,
  firstOverWarmP50: 1.5,
  /** 80 KB = 80,000 bytes of gzipped renderer JavaScript in total. */
  rendererGzipBytes: 80_000,
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
