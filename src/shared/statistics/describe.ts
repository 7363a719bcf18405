/** Mean, spread and a Student-t 95 % interval of the mean for a handful of repeats. */
import { tCritical95 } from './tDistribution'

export type Interval = [number, number]

export interface Description {
  mean: number
  /** Sample standard deviation (n − 1); 0 for a single value. */
  std: number
  min: number
  max: number
  /** Student-t 95 % interval of the mean; null when n < 2 (no spread to estimate it from). */
  ci95: Interval | null
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length
}

/** Sample standard deviation (n − 1); 0 when n = 1. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0
  const m = mean(values)
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1))
}

/** The Student-t 95 % interval of a mean, or null when n < 2. */
export function meanInterval(m: number, std: number, n: number): Interval | null {
  if (n < 2) return null
  const half = (tCritical95(n - 1) * std) / Math.sqrt(n)
  return [m - half, m + half]
}

/** Throws on an empty list: a variant with no finished run has nothing to describe. */
export function describe(values: readonly number[]): Description {
  if (values.length === 0) throw new Error('describe needs at least one value')
  const m = mean(values)
  const std = sampleStd(values)
  return { mean: m, std, min: Math.min(...values), max: Math.max(...values), ci95: meanInterval(m, std, values.length) }
}
