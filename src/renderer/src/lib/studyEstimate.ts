/** The Train view's words for a study's size and time before it starts. */
import type { QueueStatus } from '../../../shared/api'
import { estimateWords } from '../../../shared/estimateWords'
import type { RunRecord } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import { plural } from '../../../shared/format'
import { planEstimate, trainersOf } from '../../../shared/timeEstimate'
import type { BackendOption } from './trainRequests'

export interface EstimateInput {
  /** The specs as they will run (quick-try epochs applied). */
  specs: readonly ModelSpec[]
  repeats: number
  /** Training and test images the runs get (the limits applied). */
  trainImages: number
  testImages: number
  cores: number
  lanes: number
  /** The host's queue status (`host.queue`), null while not read yet: then the host's own trainers are assumed. */
  queue: QueueStatus | null
  backend: BackendOption
  /** Earlier runs of this host, whose speed the estimate uses. */
  records: readonly RunRecord[]
}

/** "25 runs (5 variants × 5 repeats), about 30–40 min, 2 runs at a time, at the step time of …". */
export function describeEstimate(input: EstimateInput): string {
  const estimate = planEstimate(
    { specs: input.specs, repeats: input.repeats, trainImages: input.trainImages, testImages: input.testImages },
    input.records,
    trainersOf(input, input.queue),
    // 'auto' picks the backend the newest runs here got.
    input.backend === 'auto' ? undefined : input.backend
  )
  const variants = plural(input.specs.length, 'variant')
  const size = input.repeats > 1 ? `${variants} × ${plural(input.repeats, 'repeat')}` : variants
  return `${plural(estimate.runs, 'run')} (${size}), ${estimateWords(estimate)}`
}
