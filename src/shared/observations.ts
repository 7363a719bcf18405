/** Plain-language findings computed from a study's numbers: one sentence per variant. */
import { formatPoints } from './format'
import { aggregateVariants, compareVariants, hasRepeats, modelsOnStudyData } from './studyAggregates'
import type { Comparison, StudyModelResult, StudySummary, VariantAggregate } from './studySummary'

export interface Observation {
  model: string
  text: string
}

/** A near-zero share differing from the baseline's by at least this much (absolute) is worth a mention. */
const MARKED_NEAR_ZERO_DIFFERENCE = 0.05

/**
 * The reference variant: the model named 'baseline', else the first of its runs as runNames names
 * them (lowest seed, then lowest try: 'baseline · seed 42', 'baseline #1'), else the first model.
 */
export function baselineOf(summary: Pick<StudySummary, 'models'>): StudyModelResult | undefined {
  const exact = summary.models.find((m) => m.name === 'baseline')
  if (exact) return exact
  const tries = summary.models
    .map((model) => ({ model, match: /^baseline(?: · seed (\d+))?(?: #(\d+))?$/.exec(model.name) }))
    .flatMap(({ model, match }) => (match ? [{ model, seed: Number(match[1] ?? 0), number: Number(match[2] ?? 0) }] : []))
    .sort((a, b) => a.seed - b.seed || a.number - b.number)
  return tries[0]?.model ?? summary.models[0]
}

/** The models with the highest test accuracy: more than one on an exact tie (say, early stopping that never triggered). */
export function bestModels(summary: { models: readonly StudyModelResult[] }): StudyModelResult[] {
  const top = Math.max(...summary.models.map((m) => m.testAccuracy))
  return summary.models.filter((m) => m.testAccuracy === top)
}

/**
 * The models a "best" mark goes to: the best ones, but only when they beat another. A single run, or
 * runs all tied, have nothing to beat, so nothing is marked.
 */
export function markedBest(summary: { models: readonly StudyModelResult[] }): StudyModelResult[] {
  const best = bestModels(summary)
  return best.length < summary.models.length ? best : []
}

/** Train accuracy minus test accuracy, in percentage points. */
export function gapPoints(m: StudyModelResult): number {
  return (m.trainAccuracy - m.testAccuracy) * 100
}

/**
 * Share of hidden-layer kernel weights with |w| < 1e-3, weighted by layer size.
 * The last weight layer is the output layer and is left out (unless it is the only one).
 */
export function hiddenNearZeroShare(m: StudyModelResult): number | null {
  const layers = m.evaluation.weights
  const hidden = layers.length > 1 ? layers.slice(0, -1) : layers
  const count = hidden.reduce((s, w) => s + w.count, 0)
  if (count === 0) return null
  return hidden.reduce((s, w) => s + w.nearZero * w.count, 0) / count
}

/**
 * `formatAccuracy` writes accuracies as the table beside the sentences does (a fraction, a percentage).
 * With repeats, one sentence per variant from its aggregates and comparisons: one run of several is
 * not evidence of anything.
 */
export function observe(
  summary: Pick<StudySummary, 'models'> & Partial<Pick<StudySummary, 'variants' | 'comparisons' | 'otherDatasets'>>,
  formatAccuracy: (accuracy: number) => string
): Observation[] {
  const variants = summary.variants ?? aggregateVariants(modelsOnStudyData(summary))
  if (hasRepeats(variants)) return observeVariants(variants, summary.comparisons ?? compareVariants(modelsOnStudyData(summary)), formatAccuracy)
  const baseline = baselineOf(summary)
  if (baseline === undefined) return []
  return summary.models.map((m) => ({ model: m.name, text: sentenceFor(m, baseline, formatAccuracy) }))
}

function observeVariants(
  variants: VariantAggregate[],
  comparisons: Comparison[],
  formatAccuracy: (accuracy: number) => string
): Observation[] {
  return variants.map((v) => {
    const runs = v.n === 1 ? 'a single run, so no spread' : `mean ± std over ${v.n} runs`
    const parts = [
      `test accuracy ${formatAccuracy(v.testAccuracy.mean)} ± ${points(v.testAccuracy.std * 100)} points (${runs})`,
      `train-test gap ${points(v.gap.mean * 100)} ± ${points(v.gap.std * 100)} points`
    ]
    const verdicts = comparisons.filter((c) => c.variant === v.name).map((c) => c.verdict)
    return { model: v.name, text: `${v.name}: ${parts.join('; ')}.${verdicts.map((t) => ` ${t}.`).join('')}` }
  })
}

function sentenceFor(m: StudyModelResult, baseline: StudyModelResult, formatAccuracy: (accuracy: number) => string): string {
  const isBaseline = m === baseline
  const parts = [`test accuracy ${formatAccuracy(m.testAccuracy)}`]
  parts.push(
    isBaseline
      ? `train-test gap ${points(gapPoints(m))} points`
      : `train-test gap ${points(gapPoints(m))} points vs ${points(gapPoints(baseline))} for ${baseline.name}`
  )
  const turn = validationTurn(m)
  if (turn) parts.push(turn)
  parts.push(...stopping(m))
  if (!isBaseline) {
    const sparsity = sparsityAgainst(m, baseline)
    if (sparsity) parts.push(sparsity)
  }
  return `${m.name}: ${parts.join('; ')}.`
}

/** Percentage points with one decimal, never "-0.0". */
function points(p: number): string {
  return formatPoints(p / 100)
}

/** Where validation loss reached its minimum and how far it rose afterwards; null without validation. */
function validationTurn(m: StudyModelResult): string | null {
  const withVal = m.history.filter((h) => typeof h.val_loss === 'number' && Number.isFinite(h.val_loss))
  if (withVal.length < 2) return null
  let min = withVal[0]
  for (const h of withVal) if ((h.val_loss as number) < (min.val_loss as number)) min = h
  const last = withVal[withVal.length - 1]
  if (min === last) return `validation loss still falling at epoch ${last.epoch} (${fmtLoss(last.val_loss)})`
  return (
    `validation loss turned at epoch ${min.epoch} (${fmtLoss(min.val_loss)}) ` +
    `and rose to ${fmtLoss(last.val_loss)} by epoch ${last.epoch}`
  )
}

function fmtLoss(v: number | undefined): string {
  return (v as number).toFixed(3)
}

function stopping(m: StudyModelResult): string[] {
  const planned = m.spec.epochs
  if (m.cancelled) return [`cancelled after epoch ${m.epochsRun} of ${planned}, keeping epoch ${m.bestEpoch}`]
  if (!m.stoppedEarly) {
    const parts = m.bestEpoch !== m.epochsRun ? [`kept the weights of epoch ${m.bestEpoch} of ${m.epochsRun}`] : []
    // Otherwise the run looks like the baseline with no word on why (a short run, a patient monitor).
    const es = m.spec.earlyStopping
    if (es) parts.unshift(`early stopping (${es.monitor}, patience ${es.patience}) did not trigger in ${m.epochsRun} epochs`)
    return parts
  }
  const kept =
    m.bestEpoch === m.epochsRun ? 'kept the last epoch' : `restored epoch ${m.bestEpoch}`
  return [`early stopping ended training at epoch ${m.epochsRun} of ${planned} and ${kept}`]
}

function sparsityAgainst(m: StudyModelResult, baseline: StudyModelResult): string | null {
  const share = hiddenNearZeroShare(m)
  const ref = hiddenNearZeroShare(baseline)
  if (share === null || ref === null || Math.abs(share - ref) < MARKED_NEAR_ZERO_DIFFERENCE) return null
  return `${percent(share)} of hidden weights are near zero (${baseline.name} ${percent(ref)})`
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}
