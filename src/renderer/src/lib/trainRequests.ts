/** Turns the Train view's options into runs.start / runs.startStudy requests. */
import type { RequestInput } from '../../../shared/api'
import { MAX_REPEATS } from '../../../shared/defaults'
import { QUICK_TRY } from '../../../shared/presets'
import { LIMITS, type ModelSpec } from '../../../shared/spec'
import { inferSweeps } from '../../../shared/sweeps'

export type BackendOption = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'

export const BACKEND_OPTIONS: { value: BackendOption; label: string }[] = [
  { value: 'auto', label: 'Auto (best available)' },
  { value: 'tensorflow', label: 'TensorFlow native (tfjs-node)' },
  { value: 'webgpu', label: 'WebGPU (desktop app, GPU)' },
  { value: 'wasm', label: 'WebAssembly' },
  { value: 'cpu', label: 'Plain JavaScript (slow)' }
]

/** The study-wide choices of the Train view; they mean what `regstudio study`'s flags of the same names mean. */
export interface TrainOptions {
  backend: BackendOption
  seed: number
  /** Training images each run draws (a seeded stratified subset, before the validation hold-out), as --train-limit; absent = all. */
  trainLimit?: number
  /** Test images each run is measured on, as --test-limit; absent = all. */
  testLimit?: number
  /** Epochs for every variant, as --epochs; absent = each variant's own. */
  epochs?: number
}

/** The fewest images a limit may ask for (the API's own floor). */
export const MIN_LIMIT = 10

function limits(options: TrainOptions): { trainLimit?: number; testLimit?: number } {
  return {
    ...(options.trainLimit !== undefined ? { trainLimit: options.trainLimit } : {}),
    ...(options.testLimit !== undefined ? { testLimit: options.testLimit } : {})
  }
}

/** A variant of an epochs sweep (`name[epochs=10]`): its epochs are the point of it, so an override leaves them. */
export function sweepsEpochs(spec: Pick<ModelSpec, 'name'>): boolean {
  return inferSweeps([spec.name]).some((s) => s.param === 'epochs')
}

/** The spec as it will run: the epochs override replaces the variant's own (early stopping keeps its settings). */
export function specToRun(spec: ModelSpec, options: Pick<TrainOptions, 'epochs'>): ModelSpec {
  return options.epochs === undefined || sweepsEpochs(spec) ? spec : { ...spec, epochs: options.epochs }
}

/** The variants whose own epochs the override replaces, with those epochs: what the Train view says on screen. */
export function overriddenEpochs(specs: readonly ModelSpec[], epochs: number | undefined): { name: string; epochs: number }[] {
  if (epochs === undefined) return []
  return specs.filter((s) => s.epochs !== epochs && !sweepsEpochs(s)).map((s) => ({ name: s.name, epochs: s.epochs }))
}

/** The quick try's choices as the fields show them: the same slice and epochs as `regstudio study --quick`. */
export const QUICK_TEXTS = { trainImages: String(QUICK_TRY.trainLimit), testImages: String(QUICK_TRY.testLimit), epochs: String(QUICK_TRY.epochs) } as const

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

/**
 * An optional whole number as typed: empty means "not set" (undefined), a whole number from min to
 * max is the value, anything else null. Digit groups as the app prints them ("10,000") are accepted.
 */
export function parseOptionalCount(text: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined | null {
  const plain = text.trim().replace(/[,\u202f\u00a0 ]/g, '')
  if (plain === '') return undefined
  if (!/^\d+$/.test(plain)) return null
  const n = Number(plain)
  return n >= min && n <= max ? n : null
}

export const TRAIN_IMAGES_PROBLEM = `Training images must be a whole number of at least ${MIN_LIMIT}, or empty for all of them.`
export const TEST_IMAGES_PROBLEM = `Test images must be a whole number of at least ${MIN_LIMIT}, or empty for all of them.`
export const EPOCHS_PROBLEM = `Epochs must be a whole number from 1 to ${LIMITS.epochs}, or empty for each variant's own.`
