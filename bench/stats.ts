/** Summary statistics for benchmark samples. */

/** The q-quantile (0..1) by nearest rank on sorted samples; NaN for none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5)
export const p95 = (xs: readonly number[]): number => quantile(xs, 0.95)

/** Median and p95 of a set of samples, with how many there were. */
export interface Summary {
  median: number
  p95: number
  n: number
}

export function summarise(samples: readonly number[]): Summary {
  return { median: median(samples), p95: p95(samples), n: samples.length }
}
