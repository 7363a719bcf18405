/**
 * Everything summary.json says beyond its runs, computed from them: the aggregates per variant, the
 * comparisons with the baseline, and the sweeps found in the variant names with the value each
 * picks on validation. The study command, `regstudio report` and the app's export all call this,
 * so the same runs give the same summary whoever builds it.
 */
import { withAggregates } from './studyAggregates'
import type { StudySummary } from './studySummary'
import { inferSweeps, sweepResults } from './sweeps'

export function analyseSummary(summary: StudySummary, opts: { repeats?: number; baseline?: string } = {}): StudySummary {
  const analysed = withAggregates(summary, opts.baseline)
  const variants = analysed.variants ?? []
  const sweeps = sweepResults(inferSweeps(variants.map((v) => v.name)), variants)
  return {
    ...analysed,
    repeats: opts.repeats ?? Math.max(1, ...variants.map((v) => v.n)),
    ...(sweeps.length > 0 ? { sweeps } : {})
  }
}
