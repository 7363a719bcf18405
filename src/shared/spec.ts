/**
 * Model and training specification: the JSON a user edits. The schema is the one description of it;
 * the types are inferred from it, and validateSpec() (specValidate.ts) adds the rules across fields.
 */
import * as z from 'zod/mini'
import { DEFAULT_SEED } from './defaults'
import type { Issue } from './schema'

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'linear', 'softmax'] as const
export const OPTIMIZERS = ['rmsprop', 'adam', 'sgd'] as const
export const MONITORS = ['val_loss', 'val_accuracy', 'loss', 'accuracy'] as const
const LOSS = 'sparseCategoricalCrossentropy'

export const LIMITS = {
  nameLength: 80,
  layers: 20,
  units: 4096,
  epochs: 1000,
  batchSize: 65536,
  maxValidationSplit: 0.9,
  maxLearningRate: 10,
  maxRegularization: 1,
  maxSeed: 2 ** 31 - 1
} as const

export type OptimizerName = (typeof OPTIMIZERS)[number]

/** Keras defaults, used when a spec names an optimizer without a learning rate. */
const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = { rmsprop: 0.001, adam: 0.001, sgd: 0.01 }

export const SPEC_DEFAULTS = {
  loss: LOSS,
  normalize: true,
  seed: DEFAULT_SEED,
  validationSplit: 0.1,
  optimizer: { name: 'rmsprop', learningRate: DEFAULT_LEARNING_RATE.rmsprop }
} as const

/** A value as a message shows it: short, and an emptied field (absent or null) is "nothing". */
function show(v: unknown): string {
  if (v === undefined || v === null) return 'nothing'
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  let text: string
  try {
    text = JSON.stringify(v) ?? typeof v
  } catch {
    text = typeof v
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** One sentence for every way a field can be wrong, ending with what it got. */
const says = (sentence: string) => ({ error: (iss: z.core.$ZodRawIssue) => `${sentence} (got ${show(iss.input)})` })

/** An object with exactly these keys: an unknown key is named (typos surface), a non-object gets `example`. */
function strict<S extends z.core.$ZodLooseShape>(shape: S, example: string) {
  const known = Object.keys(shape).join(', ')
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown key (expected one of: ${known})` : `must be an object such as ${example} (got ${show(iss.input)})`)
  })
}

function integer(min: number, max: number) {
  const error = says(`must be an integer from ${min} to ${max}`)
  return z.int(error).check(z.minimum(min, error), z.maximum(max, error))
}

/** A finite number in [min, max], or (min, max] / [min, max) with the exclusive ends. */
function number(range: { min: number; max: number; minExclusive?: boolean; maxExclusive?: boolean }) {
  const lo = range.minExclusive ? `greater than ${range.min}` : `at least ${range.min}`
  const hi = range.maxExclusive ? `less than ${range.max}` : `at most ${range.max}`
  const error = says(`must be a number ${lo} and ${hi}`)
  return z.number(error).check(
    range.minExclusive ? z.gt(range.min, error) : z.gte(range.min, error),
    range.maxExclusive ? z.lt(range.max, error) : z.lte(range.max, error)
  )
}

const choice = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, says(`must be one of ${values.join(', ')}`))

const regularization = z.optional(number({ min: 0, max: LIMITS.maxRegularization }))

export const denseLayerSchema = strict(
  { type: z.literal('dense'), units: integer(1, LIMITS.units), activation: choice(ACTIVATIONS), l1: regularization, l2: regularization },
  '{"type": "dense", "units": 64, "activation": "relu"}'
)

export const dropoutLayerSchema = strict({ type: z.literal('dropout'), rate: number({ min: 0, max: 1, maxExclusive: true }) }, '{"type": "dropout", "rate": 0.5}')

const layerSchema = z.discriminatedUnion('type', [denseLayerSchema, dropoutLayerSchema], {
  error: (iss) =>
    iss.code === 'invalid_union'
      ? `must be "dense" or "dropout" (got ${show((iss.input as { type?: unknown } | undefined)?.type)})`
      : `must be an object such as {"type": "dense", ...} (got ${show(iss.input)})`
})

const layersError = says('must be a non-empty list of layers')
const layersSchema = z.array(layerSchema, layersError).check(
  z.minLength(1, layersError),
  z.maxLength(LIMITS.layers, { error: (iss) => `must hold at most ${LIMITS.layers} layers (got ${(iss.input as unknown[]).length})` })
)

const optimizerSchema = z.pipe(
  strict(
    { name: choice(OPTIMIZERS), learningRate: z.optional(number({ min: 0, max: LIMITS.maxLearningRate, minExclusive: true })) },
    '{"name": "rmsprop", "learningRate": 0.001}'
  ),
  z.transform(({ name, learningRate }) => ({ name, learningRate: learningRate ?? DEFAULT_LEARNING_RATE[name] }))
)

const boolean = z.boolean(says('must be true or false'))

const earlyStoppingSchema = strict(
  {
    monitor: z._default(choice(MONITORS), 'val_loss'),
    patience: integer(0, Number.MAX_SAFE_INTEGER),
    minDelta: z._default(number({ min: 0, max: Number.MAX_VALUE }), 0),
    restoreBestWeights: z._default(boolean, false)
  },
  '{"monitor": "val_loss", "patience": 3}'
)

const nameSchema = z.string({ error: (iss) => `must be a text (got ${show(iss.input)})` }).check(
  z.refine((v) => v.trim() !== '', 'must not be empty: runs and reports are named after it'),
  z.maxLength(LIMITS.nameLength, { error: (iss) => `must be at most ${LIMITS.nameLength} characters (got ${(iss.input as string).length})` }),
  // Names appear in one-line CLI output, file names of reports and chart legends.
  z.refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters such as newlines or tabs'),
  z.trim()
)

const specShape = {
  /** Variant name, e.g. "baseline", "dropout". */
  name: nameSchema,
  /** Hidden and output layers; input is always 784 (28x28 flattened), output must be Dense K softmax (K = the dataset's classes). */
  layers: layersSchema,
  optimizer: z._default(optimizerSchema, () => ({ ...SPEC_DEFAULTS.optimizer })),
  /** Always sparse categorical cross-entropy in this product. */
  loss: z._default(z.literal(LOSS, says(`must be one of ${LOSS}`)), LOSS),
  epochs: integer(1, LIMITS.epochs),
  batchSize: integer(1, LIMITS.batchSize),
  /** Share of the training data held out for validation (stratified), 0 <= f <= 0.9. */
  validationSplit: z._default(number({ min: 0, max: LIMITS.maxValidationSplit }), SPEC_DEFAULTS.validationSplit),
  earlyStopping: z.optional(earlyStoppingSchema),
  seed: z._default(integer(0, LIMITS.maxSeed), SPEC_DEFAULTS.seed),
  /** Divide pixels by 255 (on by default). */
  normalize: z._default(boolean, SPEC_DEFAULTS.normalize)
}
const SPEC_FIELDS = Object.keys(specShape)

/** Every field of a spec with its defaults; the rules across fields are in validateSpec(). */
export const modelSpecSchema = z.strictObject(specShape, {
  error: (iss) =>
    iss.code === 'unrecognized_keys' ? `unknown key (expected one of: ${SPEC_FIELDS.join(', ')})` : `a model spec must be a JSON object (got ${show(iss.input)})`
})

export type ModelSpec = z.output<typeof modelSpecSchema>
export type LayerSpec = z.output<typeof layerSchema>
export type DenseLayerSpec = z.output<typeof denseLayerSchema>
export type DropoutLayerSpec = z.output<typeof dropoutLayerSchema>
export type Activation = (typeof ACTIVATIONS)[number]
export type MonitorName = (typeof MONITORS)[number]
export type OptimizerSpec = ModelSpec['optimizer']
export type EarlyStoppingSpec = z.output<typeof earlyStoppingSchema>

/** One validation problem: a path such as "layers[1].rate" ("" for the spec as a whole) and a sentence. */
export type SpecIssue = Issue

/** The loss is fixed, so no view offers a field for it. */
const EDITABLE_FIELDS = SPEC_FIELDS.filter((key) => key !== 'loss')
const LAYER_FIELDS = new Set([...Object.keys(denseLayerSchema.def.shape), ...Object.keys(dropoutLayerSchema.def.shape)])
const OBJECT_FIELDS: Record<string, Set<string>> = {
  optimizer: new Set(Object.keys(optimizerSchema.def.in.def.shape)),
  earlyStopping: new Set(Object.keys(earlyStoppingSchema.def.shape))
}

/**
 * Whether an issue path names a field of the spec a user edits (the Model view shows such issues beside
 * the field, others in its general list): a top-level field, a layer or its field, or a field of the
 * optimizer or of early stopping. Derived from the schema, so a new field needs no second list.
 */
export function isSpecFieldPath(path: string): boolean {
  const layer = /^layers\[\d+\](?:\.(\w+))?$/.exec(path)
  if (layer) return layer[1] === undefined || LAYER_FIELDS.has(layer[1])
  const [top, field, ...rest] = path.split('.')
  if (rest.length > 0 || !EDITABLE_FIELDS.includes(top)) return false
  return field === undefined || (OBJECT_FIELDS[top]?.has(field) ?? false)
}
