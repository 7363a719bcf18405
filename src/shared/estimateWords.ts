/**
 * The one wording of a study's time estimate, for the Train view, the sweep dialog and
 * `regstudio study`: a rounded range, how many runs train at once, and what the speed rests on.
 */
import { plural } from './format'
import type { Range, StudyEstimate } from './timeEstimate'

type Rounded = { value: string; unit: 's' | 'min' | '' }

/** Rounded to what a person plans with: 5 s steps under a minute, minutes under 90, then hours and 10 min. */
function rounded(ms: number): Rounded {
  const s = Math.max(0, ms / 1000)
  if (s < 55) return { value: String(Math.max(5, Math.round(s / 5) * 5)), unit: 's' }
  const min = Math.max(1, Math.round(s / 60))
  if (min < 90) return { value: String(min), unit: 'min' }
  const tens = Math.round(min / 10) * 10
  const h = Math.floor(tens / 60)
  const rest = tens % 60
  return { value: rest === 0 ? `${h} h` : `${h} h ${rest} min`, unit: '' }
}

const text = (r: Rounded): string => (r.unit ? `${r.value} ${r.unit}` : r.value)

/** "4–6 min", "40 s–2 min", "5 min", "1 h 20 min–2 h": one figure when both ends round alike. */
export function durationRange(ms: Range): string {
  const low = rounded(ms.low)
  const high = rounded(ms.high)
  if (text(low) === text(high)) return text(high)
  return low.unit !== '' && low.unit === high.unit ? `${low.value}–${high.value} ${high.unit}` : `${text(low)}–${text(high)}`
}

function speedWords(speed: StudyEstimate['speed']): string {
  if (speed.basis === 'default') return 'assuming the wasm speed of a 2-core machine, quiet to busy (no finished runs here yet)'
  const threads = speed.threads === undefined ? '' : `, ${plural(speed.threads, 'thread')} each`
  return `at the step time of the last ${plural(speed.from, 'run')} here (${speed.backend ?? 'any backend'}${threads})`
}

/**
 * What follows a study's run count: "about 4–6 min, 2 runs at a time, at the step time of the last
 * 5 runs here (wasm, 1 thread each)". "At least" when other jobs wait on the queue first; per run,
 * and "depends on the workers", when no worker is known.
 */
export function estimateWords(estimate: StudyEstimate): string {
  const speed = speedWords(estimate.speed)
  if (estimate.ms === null || estimate.parallel === null) {
    return `about ${durationRange(estimate.perRunMs)} per run; the total depends on the workers (none is connected to the queue now), ${speed}`
  }
  const total = `${estimate.queued > 0 ? 'at least' : 'about'} ${durationRange(estimate.ms)}`
  const stopping = estimate.earlyStopping ? ' (the low end if early stopping ends runs at its earliest)' : ''
  const atOnce = estimate.onQueue
    ? `on ${plural(estimate.parallel, 'worker')}`
    : estimate.parallel === 1
      ? 'one run at a time'
      : `${estimate.parallel} runs at a time`
  const queue = estimate.queued > 0 ? `, after the ${plural(estimate.queued, 'job')} already on the queue` : ''
  return `${total}${stopping}, ${atOnce}${queue}, ${speed}`
}
