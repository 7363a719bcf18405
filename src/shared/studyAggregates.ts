/**
 * Aggregates of a study with repeated seeds: runs grouped into variants by `spec.name` (the app may
 * rename a run "l2 #1", its spec keeps the variant's name), compared with the baseline seed by seed.
 */
import { describe, holm, pairedTTest, sampleStd, verdict, type Description } from './statistics'
import type { Comparison, ComparedMetric, StudyModelResult, StudySummary, VariantAggregate } from './studySummary'

const MEASURE: Record<ComparedMetric, string> = { testAccuracy: 'test accuracy', gap: 'train–test gap' }
const COMPARED: ComparedMetric[] = ['testAccuracy', 'gap']

/** Train − test accuracy of one run, as a fraction. */
export function runGap(m: StudyModelResult): number {
  return m.trainAccuracy - m.testAccuracy
}

/**
 * Finished runs by variant name in order of first appearance. Cancelled runs stopped at an arbitrary
 * epoch, so they are left out of every aggregate.
 */
export function runsByVariant(models: readonly StudyModelResult[]): Map<string, StudyModelResult[]> {
  const groups = new Map<string, StudyModelResult[]>()
  for (const m of models) {
    if (m.cancelled) continue
    groups.set(m.spec.name, [...(groups.get(m.spec.name) ?? []), m])
  }
  return groups
}

export function aggregateVariant(name: string, runs: readonly StudyModelResult[]): VariantAggregate {
  const of = (pick: (m: StudyModelResult) => number): Description => describe(runs.map(pick))
  const vals = runs.flatMap((m) => (m.valAccuracy === null ? [] : [m.valAccuracy]))
  return {
    name,
    n: runs.length,
    runIds: runs.map((m) => m.runId ?? m.name),
    testAccuracy: of((m) => m.testAccuracy),
    valAccuracy: vals.length > 0 ? describe(vals) : null,
    trainAccuracy: of((m) => m.trainAccuracy),
    gap: of(runGap),
    testLoss: of((m) => m.testLoss),
    bestEpoch: of((m) => m.bestEpoch)
  }
}

export function aggregateVariants(models: readonly StudyModelResult[]): VariantAggregate[] {
  return [...runsByVariant(models)].map(([name, runs]) => aggregateVariant(name, runs))
}

/** A variant's runs by seed; a seed run twice counts once (its first run), so pairs stay one-to-one. */
function bySeed(runs: readonly StudyModelResult[]): Map<number, StudyModelResult> {
  const seeds = new Map<number, StudyModelResult>()
  for (const m of runs) if (!seeds.has(m.spec.seed)) seeds.set(m.spec.seed, m)
  return seeds
}

const METRIC: Record<ComparedMetric, (m: StudyModelResult) => number> = { testAccuracy: (m) => m.testAccuracy, gap: runGap }

/**
 * Every other variant against the baseline (by name; the first variant when not given or unknown), on
 * test accuracy and on the gap, with Holm's adjustment over all of these comparisons.
 */
export function compareVariants(models: readonly StudyModelResult[], baselineName?: string): Comparison[] {
  const groups = runsByVariant(models)
  const names = [...groups.keys()]
  const baseline = baselineName !== undefined && groups.has(baselineName) ? baselineName : names[0]
  if (baseline === undefined) return []
  const baseSeeds = bySeed(groups.get(baseline) ?? [])
  const tests = names
    .filter((name) => name !== baseline)
    .flatMap((variant) => {
      const seeds = bySeed(groups.get(variant) ?? [])
      const paired = [...seeds.keys()].filter((seed) => baseSeeds.has(seed))
      return COMPARED.map((metric) => {
        const a = paired.map((seed) => METRIC[metric](seeds.get(seed) as StudyModelResult))
        const b = paired.map((seed) => METRIC[metric](baseSeeds.get(seed) as StudyModelResult))
        return { variant, metric, test: pairedTTest(a, b) }
      })
    })
  const adjusted = holm(tests.map(({ test }) => test.pValue))
  return tests.map(({ variant, metric, test }, i) => ({
    variant,
    baseline,
    metric,
    n: test.n,
    diffMean: test.diffMean,
    ci95: test.ci95,
    pValue: test.pValue,
    pAdjusted: adjusted[i],
    verdict: verdict({
      variant,
      baseline,
      measure: MEASURE[metric],
      n: test.n,
      diffMean: test.diffMean,
      diffStd: test.diffStd,
      ci95: test.ci95,
      pAdjusted: adjusted[i]
    })
  }))
}

/**
 * The runs trained on the summary's dataset: runs picked in the app may have trained on other data
 * (`otherDatasets`), and pooling them with the others would mix two experiments.
 */
export function modelsOnStudyData(summary: Pick<StudySummary, 'models' | 'otherDatasets'>): StudyModelResult[] {
  const elsewhere = new Set((summary.otherDatasets ?? []).flatMap((o) => o.models))
  return summary.models.filter((m) => !elsewhere.has(m.name))
}

/** The summary with its variants and comparisons filled from its models (any earlier ones replaced). */
export function withAggregates(summary: StudySummary, baselineName?: string): StudySummary {
  const models = modelsOnStudyData(summary)
  return { ...summary, variants: aggregateVariants(models), comparisons: compareVariants(models, baselineName) }
}

/** True when some variant has more than one finished run: the reports then show means and spreads. */
export function hasRepeats(variants: readonly VariantAggregate[] | undefined): variants is VariantAggregate[] {
  return variants !== undefined && variants.some((v) => v.n > 1)
}

type CurveMetric = 'loss' | 'accuracy' | 'val_loss' | 'val_accuracy'
export const CURVE_METRICS: CurveMetric[] = ['loss', 'accuracy', 'val_loss', 'val_accuracy']

export interface CurvePoint {
  epoch: number
  /** Runs that reached this epoch (runs that stopped early contribute up to their last one). */
  n: number
  /** Mean and ±1 sample std over the runs that have the metric at this epoch; null when none has it. */
  metrics: Record<CurveMetric, { mean: number; std: number; n: number } | null>
}

export interface VariantCurve {
  name: string
  points: CurvePoint[]
}

/** Per variant, per epoch, the mean curve and its spread. */
export function variantCurves(models: readonly StudyModelResult[]): VariantCurve[] {
  return [...runsByVariant(models)].map(([name, runs]) => {
    const last = Math.max(0, ...runs.flatMap((m) => m.history.map((h) => h.epoch)))
    const points: CurvePoint[] = []
    for (let epoch = 1; epoch <= last; epoch++) {
      const entries = runs.flatMap((m) => m.history.filter((h) => h.epoch === epoch))
      if (entries.length === 0) continue
      const metrics = {} as CurvePoint['metrics']
      for (const key of CURVE_METRICS) {
        const values = entries.flatMap((h) => (typeof h[key] === 'number' && Number.isFinite(h[key]) ? [h[key] as number] : []))
        metrics[key] = values.length === 0 ? null : { mean: values.reduce((s, v) => s + v, 0) / values.length, std: sampleStd(values), n: values.length }
      }
      points.push({ epoch, n: entries.length, metrics })
    }
    return { name, points }
  })
}
