/**
 * Sweeps in the Model view: which parameters a variant can sweep, and a sweep turned into the
 * variants it adds (or one line saying why it cannot), with the run count and time it costs.
 */
import { UserError } from '../../../shared/errors'
import type { RunRecord } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import {
  checkSweep,
  dropoutLayers,
  expandSweep,
  inferSweeps,
  parseValues,
  strengthLayers,
  sweepVariantName,
  SWEEP_PARAMS,
  type SweepParam,
  type SweepSpec
} from '../../../shared/sweeps'
import type { QueueStatus } from '../../../shared/api'
import { estimateWords } from '../../../shared/estimateWords'
import { planEstimate, trainersOf } from '../../../shared/timeEstimate'
import { specToRun, type BackendOption } from './trainRequests'

/**
 * The parameters this variant has, in SWEEP_PARAMS order: strengths when it has Dense layers to
 * penalize, the rate with Dropout layers, patience with early stopping; epochs always.
 */
export function sweepableParams(spec: ModelSpec): SweepParam[] {
  const hasStrengthLayers = strengthLayers(spec, { variant: spec.name, param: 'l2' }).length > 0
  return (Object.keys(SWEEP_PARAMS) as SweepParam[]).filter((param) => {
    if (param === 'l1' || param === 'l2') return hasStrengthLayers
    if (param === 'rate') return dropoutLayers(spec).length > 0
    if (param === 'patience') return spec.earlyStopping !== undefined
    return true
  })
}

/** Values the dialog offers for a parameter before the user types: a range that shows the curve's two sides. */
export const SUGGESTED_VALUES: Readonly<Record<SweepParam, string>> = {
  l2: '1e-5..1e-2 x4',
  l1: '1e-6..1e-3 x4',
  rate: '0.2,0.3,0.4,0.5',
  patience: '1,3,5',
  epochs: '5,10,20'
}

export type SweepPlan = { ok: true; sweep: SweepSpec; specs: ModelSpec[] } | { ok: false; error: string }

/**
 * The sweep of `base` (a variant of the study or of a preset) over the typed values, expanded; the
 * error line of parseValues/checkSweep otherwise. `taken` are the other variants' names: a generated
 * name may not clash with one of them, as runs and reports are keyed by name.
 */
export function planSweep(base: ModelSpec, param: SweepParam, valuesText: string, taken: readonly string[]): SweepPlan {
  try {
    const sweep: SweepSpec = { variant: base.name, param, values: parseValues(valuesText, param) }
    checkSweep(sweep, [base])
    const specs = expandSweep(base, sweep)
    const clash = specs.find((s) => taken.includes(s.name))
    if (clash) return { ok: false, error: `The study already has a variant named "${clash.name}"` }
    return { ok: true, sweep, specs }
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err.message }
    throw err
  }
}

/** The sweeps whose generated variants are in the study, read back from their names (they survive a reload that way). */
export function studySweeps(variants: readonly ModelSpec[]): SweepSpec[] {
  const names = variants.map((v) => v.name)
  // Only values whose variant is still there: a generated variant deleted by hand leaves its sweep.
  return inferSweeps(names).map((s) => ({ ...s, values: s.values.filter((v) => names.includes(sweepVariantName(s.variant, s.param, v))) }))
}

/** The names a sweep generated, for removing or replacing them. */
export function sweepNames(sweep: Pick<SweepSpec, 'variant' | 'param' | 'values'>): string[] {
  return sweep.values.map((v) => sweepVariantName(sweep.variant, sweep.param, v))
}

export interface SweepCost {
  runs: number
  /** The sweep's runs in the shared wording; null while no dataset is chosen (its size sets the steps per epoch). */
  words: string | null
}

export interface CostContext {
  repeats: number
  /** Training and test examples the study will draw, before the validation split; null with no dataset. */
  trainImages: number | null
  testImages: number | null
  cores: number
  lanes: number
  /** The host's queue status, null while not read. */
  queue: QueueStatus | null
  backend: BackendOption
  records: readonly RunRecord[]
  /** The Train view's epochs for every variant (trainRequests specToRun); null when each keeps its own. */
  epochs: number | null
}

/** What the sweep's variants add to the study: runs (one per value and repeat) and time, worded as the Train view words it. */
export function sweepCost(specs: readonly ModelSpec[], ctx: CostContext): SweepCost {
  const runs = specs.length * ctx.repeats
  if (ctx.trainImages === null || ctx.testImages === null) return { runs, words: null }
  const epochs = ctx.epochs ?? undefined
  const estimate = planEstimate(
    { specs: specs.map((s) => specToRun(s, { epochs })), repeats: ctx.repeats, trainImages: ctx.trainImages, testImages: ctx.testImages },
    ctx.records,
    trainersOf(ctx, ctx.queue),
    ctx.backend === 'auto' ? undefined : ctx.backend
  )
  return { runs, words: estimateWords(estimate) }
}
