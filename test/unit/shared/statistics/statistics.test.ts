/**
 * Reference values computed with SciPy 1.17.1 (scipy.stats.t.ppf, ttest_rel, nct) and written here as
 * constants; the Holm example is worked by hand from the textbook definition.
 */
import { describe as group, expect, it } from 'vitest'
import { describe, holm, pairedTPower, pairedTTest, repeatsNeeded, signedPoints, verdict } from '../../../../src/shared/statistics'
import { tCritical95 } from '../../../../src/shared/statistics/tDistribution'

// Student (1908) sleep data: extra hours of sleep under two drugs, the same ten patients.
const SLEEP_A = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
const SLEEP_B = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]

group('t quantiles', () => {
  it('match scipy.stats.t.ppf(0.975, df)', () => {
    const reference: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [4, 2.7764451051977934],
      [9, 2.262157162798205],
      [29, 2.045229642132703]
    ]
    for (const [df, t] of reference) expect(tCritical95(df)).toBeCloseTo(t, 6)
  })
})

group('describe', () => {
  it('gives mean, sample std, range and the t interval', () => {
    const d = describe([0.88, 0.89, 0.9])
    expect(d.mean).toBeCloseTo(0.89, 12)
    expect(d.std).toBeCloseTo(0.01, 12)
    expect(d.min).toBe(0.88)
    expect(d.max).toBe(0.9)
    const half = (4.302652729749462 * 0.01) / Math.sqrt(3)
    expect(d.ci95?.[0]).toBeCloseTo(0.89 - half, 8)
    expect(d.ci95?.[1]).toBeCloseTo(0.89 + half, 8)
  })

  it('has std 0 and no interval for one value', () => {
    expect(describe([0.7])).toEqual({ mean: 0.7, std: 0, min: 0.7, max: 0.7, ci95: null })
  })

  it('refuses an empty list', () => {
    expect(() => describe([])).toThrow()
  })
})

group('pairedTTest', () => {
  it('matches scipy.stats.ttest_rel on the sleep data', () => {
    const r = pairedTTest(SLEEP_A, SLEEP_B)
    expect(r.n).toBe(10)
    expect(r.diffMean).toBeCloseTo(1.58, 10)
    expect(r.diffStd).toBeCloseTo(1.2299954832798732, 10)
    expect(r.pValue).toBeCloseTo(0.002832890197384273, 7)
    expect(r.ci95?.[0]).toBeCloseTo(0.7001142367230175, 6)
    expect(r.ci95?.[1]).toBeCloseTo(2.459885763276983, 6)
  })

  it('is symmetric: swapping the samples flips the sign, not the p-value', () => {
    const r = pairedTTest(SLEEP_B, SLEEP_A)
    expect(r.diffMean).toBeCloseTo(-1.58, 10)
    expect(r.pValue).toBeCloseTo(0.002832890197384273, 7)
  })

  it('takes the limit when every difference is the same', () => {
    expect(pairedTTest([0.9, 0.8, 0.7], [0.88, 0.78, 0.68])).toMatchObject({ pValue: 0, diffStd: 0 })
    const same = pairedTTest([0.9, 0.8], [0.9, 0.8])
    expect(same).toMatchObject({ n: 2, diffMean: 0, ci95: [0, 0], pValue: 1 })
  })

  it('gives no interval and no test below two pairs', () => {
    expect(pairedTTest([0.9], [0.8])).toMatchObject({ n: 1, ci95: null, pValue: null })
    expect(pairedTTest([], [])).toMatchObject({ n: 0, ci95: null, pValue: null })
  })
})

group('holm', () => {
  it('adjusts a textbook example', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06 (monotone).
    const adjusted = holm([0.01, 0.04, 0.03, 0.005])
    const expected = [0.03, 0.06, 0.06, 0.02]
    adjusted.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 12))
  })

  it('caps at 1 and leaves comparisons without a test out', () => {
    expect(holm([0.6, null, 0.02])).toEqual([0.6, null, 0.04])
    // 0.7·2 = 1.4 is capped at 1; 0.8·1 = 0.8 is raised to 1 to stay monotone.
    expect(holm([0.7, 0.8])).toEqual([1, 1])
  })
})

group('repeatsNeeded', () => {
  it('matches the noncentral-t power from SciPy', () => {
    // scipy: 1 - nct.cdf(c, n-1, d√n/sd) + nct.cdf(-c, n-1, d√n/sd), c = t.ppf(0.975, n-1)
    expect(pairedTPower(10, 1, 1)).toBeCloseTo(0.8030968566327219, 4)
    expect(pairedTPower(9, 1, 1)).toBeCloseTo(0.7480170922294767, 4)
    expect(pairedTPower(34, 1, 2)).toBeCloseTo(0.8077775012792737, 4)
  })

  it('finds the smallest n with 80 % power', () => {
    expect(repeatsNeeded(1, 1)).toBe(10)
    expect(repeatsNeeded(1, 0.5)).toBe(5)
    expect(repeatsNeeded(1, 2)).toBe(34)
    expect(repeatsNeeded(0.01, 0)).toBe(2)
  })
})

group('signedPoints', () => {
  it('writes percentage points with a sign and never a negative zero', () => {
    expect(signedPoints(0.012)).toBe('+1.2')
    expect(signedPoints(-0.003)).toBe('\u22120.3')
    expect(signedPoints(-0.0001)).toBe('0.0')
    expect(signedPoints(-0)).toBe('0.0')
  })
})

group('verdict', () => {
  const base = { variant: 'dropout', baseline: 'baseline', measure: 'test accuracy' }

  it('states a significant difference with its interval', () => {
    expect(verdict({ ...base, n: 5, diffMean: 0.012, diffStd: 0.005, ci95: [0.006, 0.018], pAdjusted: 0.004 })).toBe(
      'dropout: +1.2 pts test accuracy vs baseline (95 % CI +0.6 to +1.8, adjusted p = 0.004, n = 5)'
    )
  })

  it('says no difference was detectable and how many repeats would be needed', () => {
    // sd of differences 1.2 pts: repeatsNeeded(0.01, 0.012) by the noncentral t.
    const text = verdict({ ...base, variant: 'l2', n: 3, diffMean: -0.003, diffStd: 0.012, ci95: [-0.021, 0.015], pAdjusted: 0.7 })
    expect(text).toBe(
      `l2 vs baseline: no difference in test accuracy detectable with n = 3 (\u22120.3 pts, CI \u22122.1 to +1.5, adjusted p = 0.700); about ${repeatsNeeded(0.01, 0.012)} repeats would detect a 1-point difference`
    )
  })

  it('claims nothing from one run', () => {
    const text = verdict({ ...base, n: 1, diffMean: 0.004, diffStd: 0, ci95: null, pAdjusted: null })
    expect(text).toContain('n = 1')
    expect(text).toContain('no interval and no test')
  })
})
