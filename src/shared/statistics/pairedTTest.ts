/** Two-sided paired t-test on the differences a[i] − b[i]. */
import { mean, meanInterval, sampleStd, type Interval } from './describe'
import { twoSidedP } from './tDistribution'

/** A spread below this is rounding noise: accuracies move in steps of 1 / (test-set size), far above it. */
const NO_SPREAD = 1e-12

export interface PairedTest {
  n: number
  /** Mean of a[i] − b[i]; NaN when n = 0. */
  diffMean: number
  /** Standard deviation of the differences (n − 1); 0 when n < 2. */
  diffStd: number
  /** 95 % interval of the mean difference; null when n < 2. */
  ci95: Interval | null
  /** Two-sided p-value; null when n < 2 (no test without a spread). */
  pValue: number | null
}

/**
 * When every difference is the same (zero spread) the t statistic is ±∞ or 0/0. We take the limit:
 * a constant non-zero difference gives p = 0 and the interval [d, d]; all differences exactly zero give
 * p = 1 and [0, 0]. (SciPy returns NaN for the latter; "no difference at all" is what the data say.)
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTest {
  if (a.length !== b.length) throw new Error(`paired samples differ in length (${a.length} and ${b.length})`)
  const diffs = a.map((v, i) => v - b[i])
  const n = diffs.length
  if (n === 0) return { n, diffMean: Number.NaN, diffStd: 0, ci95: null, pValue: null }
  const diffMean = mean(diffs)
  // Equal differences of fractions like 0.9 − 0.88 come out of floating point with a spread of ~1e-17.
  const computedStd = sampleStd(diffs)
  const diffStd = computedStd < NO_SPREAD ? 0 : computedStd
  if (n < 2) return { n, diffMean, diffStd, ci95: null, pValue: null }
  if (diffStd === 0) return { n, diffMean, diffStd, ci95: [diffMean, diffMean], pValue: diffMean === 0 ? 1 : 0 }
  const t = diffMean / (diffStd / Math.sqrt(n))
  return { n, diffMean, diffStd, ci95: meanInterval(diffMean, diffStd, n), pValue: twoSidedP(t, n - 1) }
}
