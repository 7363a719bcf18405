/** The `sweeps` section of summary.json: each sweep's points and the value chosen on validation. */
import { sweepVariantName } from './expand'
import { SWEEP_PARAMS, type SweepParam, type SweepSpec } from './params'

/** A metric over a variant's repeats, as the statistics of the repeats issue describe it. */
export interface MetricSummary {
  mean: number
  std: number
  min: number
  max: number
  ci95: readonly [number, number] | null
}

/** The fields of a variant aggregate (summary.json `variants`) that sweeps read. */
export interface VariantAggregateLike {
  name: string
  n: number
  valAccuracy: MetricSummary
  trainAccuracy: MetricSummary
  testAccuracy: MetricSummary
}

export interface SweepPoint {
  value: number
  variant: string
  n: number
  valAccuracy: MetricSummary
  trainAccuracy: MetricSummary
  testAccuracy: MetricSummary
}

export interface SweepResult {
  variant: string
  param: SweepParam
  values: number[]
  points: SweepPoint[]
  /** Chosen by mean validation accuracy only; the test set reports, never picks. Null when no point has runs. */
  best: { value: number; variant: string; by: 'valAccuracy' } | null
}

/** Means of a few hundred test images differ by far more than this; below it two means are one tie. */
const TIE = 1e-9

/** Whether `a` beats `b`: higher mean validation accuracy; on a tie, the stronger regularization. */
function beats(a: SweepPoint, b: SweepPoint, param: SweepParam): boolean {
  const d = a.valAccuracy.mean - b.valAccuracy.mean
  if (Math.abs(d) > TIE) return d > 0
  return SWEEP_PARAMS[param].stronger === 'larger' ? a.value > b.value : a.value < b.value
}

/** One result per sweep, its points in value order as given; values whose variant has no finished run are left out. */
export function sweepResults(sweeps: readonly SweepSpec[], variants: readonly VariantAggregateLike[]): SweepResult[] {
  const byName = new Map(variants.map((v) => [v.name, v]))
  return sweeps.map((sweep) => {
    const points: SweepPoint[] = []
    for (const value of sweep.values) {
      const name = sweepVariantName(sweep.variant, sweep.param, value)
      const agg = byName.get(name)
      if (!agg || agg.n === 0) continue
      const { n, valAccuracy, trainAccuracy, testAccuracy } = agg
      points.push({ value, variant: name, n, valAccuracy, trainAccuracy, testAccuracy })
    }
    const winner = points.reduce<SweepPoint | null>((best, p) => (best === null || beats(p, best, sweep.param) ? p : best), null)
    return {
      variant: sweep.variant,
      param: sweep.param,
      values: [...sweep.values],
      points,
      best: winner && { value: winner.value, variant: winner.variant, by: 'valAccuracy' }
    }
  })
}

/** One row of the table "each regularizer at its best strength". */
export interface BestStrengthRow {
  /** The swept variant and parameter, e.g. "l2" and "l2". */
  variant: string
  param: SweepParam
  label: string
  value: number
  /** The winning generated variant, e.g. "l2[l2=0.0001]": the name to look up in the paired comparisons. */
  winner: string
  n: number
  valAccuracy: MetricSummary
  testAccuracy: MetricSummary
}

/** The winner of every sweep that has one, in sweep order. */
export function bestStrengthRows(results: readonly SweepResult[]): BestStrengthRow[] {
  return results.flatMap((r) => {
    const point = r.best && r.points.find((p) => p.variant === r.best!.variant)
    if (!point) return []
    return [
      {
        variant: r.variant,
        param: r.param,
        label: SWEEP_PARAMS[r.param].label,
        value: point.value,
        winner: point.variant,
        n: point.n,
        valAccuracy: point.valAccuracy,
        testAccuracy: point.testAccuracy
      }
    ]
  })
}
