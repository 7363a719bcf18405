/**
 * How long a study will take, before it starts. The speed is the whole machine's: milliseconds per
 * example and weight with every core at work, from the runs this host has already trained (a run on
 * t of c cores counts t/c of its step time), or a figure measured on a 2-core laptop when there are
 * none. Per example and weight carries over between network and batch sizes to within tens of percent.
 */
import type { RunRecord } from './results'
import type { ModelSpec } from './spec'
import { countParameters } from './specValidate'

/** wasm on 2 threads of 2 cores: 11 ms per 128-example step of the 669,706-weight seed network (docs/performance.md). */
const FALLBACK_MS_PER_EXAMPLE_WEIGHT = 11 / (128 * 669_706)
/** Process start, backend set-up, data hand-over, final evaluation and saving, per run. */
const RUN_OVERHEAD_MS = 2_000

export interface TrainingSpeed {
  msPerExampleWeight: number
  /** Where the figure comes from, for the words beside the estimate. */
  basis: 'measured' | 'default'
}

/** The median whole-machine speed of the newest 20 finished runs (on `backend` when given), or the default. */
export function measuredSpeed(records: readonly RunRecord[], cores: number, backend?: string): TrainingSpeed {
  const speeds = records
    .filter((r) => r.status === 'finished' && r.msPerStep && r.backend && (!backend || r.backend.name === backend))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 20)
    .map((r) => {
      const share = Math.min(1, (r.backend?.threads ?? cores) / cores)
      return ((r.msPerStep as number) * share) / (r.spec.batchSize * countParameters(r.spec).total)
    })
    .sort((a, b) => a - b)
  if (speeds.length === 0) return { msPerExampleWeight: FALLBACK_MS_PER_EXAMPLE_WEIGHT, basis: 'default' }
  const mid = Math.floor(speeds.length / 2)
  return { msPerExampleWeight: speeds.length % 2 ? speeds[mid] : (speeds[mid - 1] + speeds[mid]) / 2, basis: 'measured' }
}

export interface StudySize {
  specs: readonly ModelSpec[]
  repeats: number
  /** Training examples, before the validation hold-out. */
  trainImages: number
  /** Runs trained side by side; they share the cores, so only the per-run overhead overlaps. */
  lanes: number
}

/** The study's run count and its wall time at most (early stopping may end runs sooner). */
export function estimateStudy(size: StudySize, speed: TrainingSpeed): { runs: number; ms: number } {
  const perRepeat = size.specs.reduce((sum, spec) => {
    const examples = Math.round(size.trainImages * (1 - spec.validationSplit))
    const steps = Math.ceil(examples / spec.batchSize) * spec.epochs
    return sum + steps * spec.batchSize * countParameters(spec).total * speed.msPerExampleWeight
  }, 0)
  const runs = size.specs.length * size.repeats
  return { runs, ms: perRepeat * size.repeats + (RUN_OVERHEAD_MS * runs) / Math.max(1, Math.min(size.lanes, runs)) }
}
