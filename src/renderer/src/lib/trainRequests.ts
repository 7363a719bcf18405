/** Turns the Train view's options into runs.start / runs.startStudy requests. */
import type { RequestInput } from '../../../shared/api'
import { MAX_REPEATS } from '../../../shared/defaults'
import { QUICK_TRY } from '../../../shared/presets'
import type { ModelSpec } from '../../../shared/spec'

export type BackendOption = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'

export const BACKEND_OPTIONS: { value: BackendOption; label: string }[] = [
  { value: 'auto', label: 'Auto (best available)' },
  { value: 'tensorflow', label: 'TensorFlow native (tfjs-node)' },
  { value: 'webgpu', label: 'WebGPU (desktop app, GPU)' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'cpu', label: 'Plain JavaScript (slow)' }
]

export interface TrainOptions {
  backend: BackendOption
  quick: boolean
  seed: number
}

function limits(options: TrainOptions): { trainLimit?: number; testLimit?: number } {
  return options.quick ? { trainLimit: QUICK_TRY.trainLimit, testLimit: QUICK_TRY.testLimit } : {}
}

/** The spec as it will run: a quick try caps the epochs (early stopping keeps its settings). */
export function specToRun(spec: ModelSpec, options: TrainOptions): ModelSpec {
  return options.quick ? { ...spec, epochs: Math.min(spec.epochs, QUICK_TRY.epochs) } : spec
}

export function runRequest(datasetId: string, spec: ModelSpec, options: TrainOptions): RequestInput<'runs.start'> {
  return { datasetId, spec: { ...specToRun(spec, options), seed: options.seed }, backend: options.backend, ...limits(options) }
}

/**
 * Every variant on one frozen split; the host gives repeat i of each variant the seed `seed + i`.
 * One repeat is left out of the request, as the host's default.
 */
export function studyRequest(datasetId: string, specs: readonly ModelSpec[], options: TrainOptions, repeats = 1): RequestInput<'runs.startStudy'> {
  return {
    datasetId,
    specs: specs.map((s) => specToRun(s, options)),
    seed: options.seed,
    backend: options.backend,
    ...limits(options),
    ...(repeats > 1 ? { repeats } : {})
  }
}

/** Runs per variant as the API accepts them (whole number 1 .. MAX_REPEATS), or null. */
export function parseRepeats(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const n = Number(text)
  return n >= 1 && n <= MAX_REPEATS ? n : null
}

export const REPEATS_PROBLEM = `Repeats must be a whole number from 1 to ${MAX_REPEATS}.`

/** A seed as the API accepts it (whole number 0 .. 2^31-1), or null. */
export function parseSeed(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const n = Number(text)
  return Number.isSafeInteger(n) && n <= 2 ** 31 - 1 ? n : null
}
