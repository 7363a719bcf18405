/** Ready-made studies: lists of model specs trained and compared together. */
import { DEFAULT_SEED } from './defaults'
import { UserError } from './errors'
import type { DenseLayerSpec, LayerSpec, ModelSpec } from './spec'

const HIDDEN_UNITS = 512
const REGULARIZATION = 1e-4
const DROPOUT_RATE = 0.3

function hidden(extra: Partial<DenseLayerSpec> = {}): DenseLayerSpec {
  return { type: 'dense', units: HIDDEN_UNITS, activation: 'relu', ...extra }
}

const OUTPUT: LayerSpec = { type: 'dense', units: 10, activation: 'softmax' }

/** The classic notebook's network: 784 -> Dense 512 relu -> Dense 512 relu -> Dense 10 softmax, RMSprop. */
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

/**
 * A quick try (`--quick`, the Train view's checkbox): a stratified subset and few epochs. Large
 * enough that the variants reach 80-85% test accuracy and differ, in under a minute on two cores.
 */
export const QUICK_TRY = { trainLimit: 10_000, testLimit: 2_000, epochs: 5 } as const
