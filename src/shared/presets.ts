/** Ready-made studies: lists of model specs trained and compared together. */
import { DEFAULT_SEED } from './defaults'
import { UserError } from './errors'
import type { DenseLayerSpec, LayerSpec, ModelSpec } from './spec'
import type { SweepSpec } from './sweeps/params'

const HIDDEN_UNITS = 512
const REGULARIZATION = 1e-4
const DROPOUT_RATE = 0.3

function hidden(extra: Partial<DenseLayerSpec> = {}): DenseLayerSpec {
  return { type: 'dense', units: HIDDEN_UNITS, activation: 'relu', ...extra }
}

const OUTPUT: LayerSpec = { type: 'dense', units: 10, activation: 'softmax' }

/**
 * The classic notebook's network: 784 -> Dense 512 relu -> Dense 512 relu -> Dense 10 softmax, RMSprop.
 * The output is sized for the dataset's K by withOutputUnits when a study is made.
 */
function classic(name: string, layers: LayerSpec[], extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name,
    layers: [...layers, OUTPUT],
    optimizer: { name: 'rmsprop', learningRate: 0.001 },
    loss: 'sparseCategoricalCrossentropy',
    epochs: 10,
    batchSize: 128,
    validationSplit: 0.1,
    seed: DEFAULT_SEED,
    normalize: true,
    ...extra
  }
}

const seed: ModelSpec[] = [
  classic('baseline', [hidden(), hidden()]),
  classic('dropout', [hidden(), { type: 'dropout', rate: DROPOUT_RATE }, hidden(), { type: 'dropout', rate: DROPOUT_RATE }]),
  classic('l2', [hidden({ l2: REGULARIZATION }), hidden({ l2: REGULARIZATION })]),
  classic('l1', [hidden({ l1: REGULARIZATION }), hidden({ l1: REGULARIZATION })]),
  classic('earlystopping', [hidden(), hidden()], {
    epochs: 50,
    earlyStopping: { monitor: 'val_loss', patience: 3, minDelta: 0, restoreBestWeights: true }
  })
]

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/** Frozen so a caller cannot change a preset for everyone; getPreset() hands out copies. */
export const PRESETS: Record<string, ModelSpec[]> = deepFreeze({ seed })

export function presetNames(): string[] {
  return Object.keys(PRESETS)
}

/** A deep copy of the named preset's variants. */
export function getPreset(name: string): ModelSpec[] {
  if (!Object.hasOwn(PRESETS, name)) {
    throw new UserError('unknown_preset', `Unknown preset "${name}"; known presets: ${presetNames().join(', ')}`, {
      name,
      known: presetNames()
    })
  }
  return structuredClone(PRESETS[name])
}

/** The spec with one output per class: its last Dense layer's units set to K. */
export function withOutputUnits(spec: ModelSpec, classes: number): ModelSpec {
  const last = spec.layers[spec.layers.length - 1]
  if (last?.type !== 'dense' || last.units === classes) return spec
  return { ...spec, layers: [...spec.layers.slice(0, -1), { ...last, units: classes }] }
}

/** A study defined by sweeps over the variants of a plain preset, with its own repeats and size. */
export interface SweepPreset {
  /** Shown in the app. */
  title: string
  /** The plain preset whose variants the study trains and sweeps. */
  from: string
  /** Plain variants trained as they are, beside the sweeps. */
  variants: string[]
  sweeps: SweepSpec[]
  repeats: number
  /** Training images drawn (stratified) before the validation split; the test set stays whole. */
  trainLimit: number
  /** Overrides every variant's epochs. */
  epochs: number
}

/**
 * "Which regularizer, at its best strength?": the baseline and three sweeps of four values, 13
 * variants × 3 repeats = 39 runs. Size: 20,000 training images (18,000 after the validation split)
 * and 10 epochs. A full run (54,000 images, 10 epochs) was measured at about 75 s with 2 lanes on
 * 2 cores; scaling by images gives about 25 s per run here and 39 / 2 × 25 s ≈ 8 minutes for the
 * study (estimated, not yet timed), well inside 30. Ten epochs on a third of the data rather than
 * five on all of it, because overfitting, what regularization fixes, shows late and on little data.
 * Each strength range runs from weak to a strength expected to underfit (measured in PyTorch on
 * this network: L1 at 1e-3 gave 79 % test accuracy against 86.5 % at 1e-4).
 */
const sweepPreset: SweepPreset = {
  title: 'Which regularizer, at its best strength?',
  from: 'seed',
  variants: ['baseline'],
  sweeps: [
    { variant: 'l2', param: 'l2', values: [1e-5, 1e-4, 1e-3, 1e-2] },
    { variant: 'l1', param: 'l1', values: [1e-6, 1e-5, 1e-4, 1e-3] },
    { variant: 'dropout', param: 'rate', values: [0.2, 0.3, 0.4, 0.5] }
  ],
  repeats: 3,
  trainLimit: 20_000,
  epochs: 10
}

/** Kept apart from PRESETS, whose users expect plain lists of specs; expand with studyVariants(). */
export const SWEEP_PRESETS: Record<string, SweepPreset> = deepFreeze({ sweep: sweepPreset })

/**
 * A quick try (`--quick`, the Train view's checkbox): a stratified subset and few epochs. Large
 * enough that the variants reach 80-85% test accuracy and differ, in under a minute on two cores.
 */
export const QUICK_TRY = { trainLimit: 10_000, testLimit: 2_000, epochs: 5 } as const

/** A deep copy of the named sweep preset. */
export function getSweepPreset(name: string): SweepPreset {
  if (!Object.hasOwn(SWEEP_PRESETS, name)) {
    const known = Object.keys(SWEEP_PRESETS)
    throw new UserError('unknown_preset', `Unknown sweep preset "${name}"; known sweep presets: ${known.join(', ')}`, { name, known })
  }
  return structuredClone(SWEEP_PRESETS[name])
}
