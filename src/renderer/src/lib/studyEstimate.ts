/** The Train view's words for a study's size and time before it starts. */
import type { RunRecord } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import { plural } from '../../../shared/format'
import { estimateStudy, measuredSpeed } from '../../../shared/timeEstimate'
import type { BackendOption } from './trainRequests'

export interface EstimateInput {
  /** The specs as they will run (quick-try epochs applied). */
  specs: readonly ModelSpec[]
  repeats: number
  /** Training images the runs get (the quick-try limit applied). */
  trainImages: number
  cores: number
  lanes: number
  backend: BackendOption
  /** Earlier runs of this host, whose speed the estimate uses. */
  records: readonly RunRecord[]
}

/**
 * An upper bound is all that can be said before training: rounded to what a person plans with.
 * "about 35 min", "about 1 h 20 min", "a minute" (it follows "at most").
 */
export function roughDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'a minute'
  const minutes = Math.round(ms / 60_000)
  if (minutes < 60) return `about ${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`
}

/** "25 runs (5 variants × 5 repeats), at most about 35 min at the speed of earlier runs here". */
export function describeEstimate(input: EstimateInput): string {
  // 'auto' may pick any backend: then every earlier run tells the speed.
  const speed = measuredSpeed(input.records, input.cores, input.backend === 'auto' ? undefined : input.backend)
  const { runs, ms } = estimateStudy({ specs: input.specs, repeats: input.repeats, trainImages: input.trainImages, lanes: input.lanes }, speed)
  const variants = plural(input.specs.length, 'variant')
  const size = input.repeats > 1 ? `${variants} × ${plural(input.repeats, 'repeat')}` : variants
  const basis = speed.basis === 'measured' ? 'at the speed of earlier runs here' : 'at the speed of a 2-core laptop'
  return `${plural(runs, 'run')} (${size}), at most ${roughDuration(ms)} ${basis}`
}
