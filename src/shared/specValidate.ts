/** Validation of untrusted model specs (file, IPC, WebSocket), defaults, and parameter counting. */
import { NUM_CLASSES, PIXELS } from './dataset'
import type {
  Activation,
  DenseLayerSpec,
  DropoutLayerSpec,
  EarlyStoppingSpec,
  LayerSpec,
  ModelSpec,
  MonitorName,
  OptimizerName,
  OptimizerSpec,
  SpecIssue
} from './spec'

export const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'linear', 'softmax']
export const OPTIMIZERS: readonly OptimizerName[] = ['rmsprop', 'adam', 'sgd']
export const MONITORS: readonly MonitorName[] = ['val_loss', 'val_accuracy', 'loss', 'accuracy']

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

/** Keras defaults, used when a spec names an optimizer without a learning rate. */
const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = { rmsprop: 0.001, adam: 0.001, sgd: 0.01 }

export const SPEC_DEFAULTS = {
  loss: 'sparseCategoricalCrossentropy',
  normalize: true,
  seed: 42,
  validationSplit: 0.1,
  optimizer: { name: 'rmsprop', learningRate: 0.001 }
} as const

/** Hostile input could yield thousands of problems; the first ones are enough to act on. */
const MAX_ISSUES = 50

export type SpecValidation = { ok: true; spec: ModelSpec } | { ok: false; issues: SpecIssue[] }

type Obj = Record<string, unknown>

class Issues {
  readonly list: SpecIssue[] = []
  private dropped = 0

  add(path: string, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ path, message })
    else this.dropped++
  }

  done(): SpecIssue[] {
    if (this.dropped > 0) this.list.push({ path: '', message: `and ${this.dropped} more problems` })
    return this.list
  }
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function show(v: unknown): string {
  // An emptied number field arrives as null: to the user it is nothing, not "null".
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

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key
}

function checkKeys(obj: Obj, known: readonly string[], base: string, issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) issues.add(join(base, key), `unknown key (expected one of: ${known.join(', ')})`)
  }
}

function readInt(obj: Obj, key: string, base: string, min: number, max: number, issues: Issues): number | undefined {
  const v = obj[key]
  if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v
  issues.add(join(base, key), `must be an integer from ${min} to ${max} (got ${show(v)})`)
  return undefined
}

/** A finite number in [min, max] (or [min, max) when maxExclusive). */
function readNumber(
  obj: Obj,
  key: string,
  base: string,
  range: { min: number; max: number; minExclusive?: boolean; maxExclusive?: boolean },
  issues: Issues
): number | undefined {
  const v = obj[key]
  if (typeof v === 'number' && Number.isFinite(v)) {
    const aboveMin = range.minExclusive ? v > range.min : v >= range.min
    const belowMax = range.maxExclusive ? v < range.max : v <= range.max
    if (aboveMin && belowMax) return v
  }
  const lo = range.minExclusive ? `greater than ${range.min}` : `at least ${range.min}`
  const hi = range.maxExclusive ? `less than ${range.max}` : `at most ${range.max}`
  issues.add(join(base, key), `must be a number ${lo} and ${hi} (got ${show(v)})`)
  return undefined
}

function readBoolean(obj: Obj, key: string, base: string, issues: Issues): boolean | undefined {
  const v = obj[key]
  if (typeof v === 'boolean') return v
  issues.add(join(base, key), `must be true or false (got ${show(v)})`)
  return undefined
}

function readChoice<T extends string>(obj: Obj, key: string, base: string, choices: readonly T[], issues: Issues): T | undefined {
  const v = obj[key]
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T
  issues.add(join(base, key), `must be one of ${choices.join(', ')} (got ${show(v)})`)
  return undefined
}

function readName(obj: Obj, issues: Issues): string | undefined {
  const v = obj.name
  if (typeof v !== 'string') {
    issues.add('name', `must be a text (got ${show(v)})`)
    return undefined
  }
  if (v.trim() === '') {
    issues.add('name', 'must not be empty: runs and reports are named after it')
    return undefined
  }
  if (v.length > LIMITS.nameLength) {
    issues.add('name', `must be at most ${LIMITS.nameLength} characters (got ${v.length})`)
    return undefined
  }
  // Names appear in one-line CLI output, file names of reports and chart legends.
  if (/[\u0000-\u001f\u007f]/.test(v)) {
    issues.add('name', 'must not contain control characters such as newlines or tabs')
    return undefined
  }
  return v.trim()
}

function readDense(obj: Obj, base: string, issues: Issues): DenseLayerSpec | undefined {
  checkKeys(obj, ['type', 'units', 'activation', 'l1', 'l2'], base, issues)
  const units = readInt(obj, 'units', base, 1, LIMITS.units, issues)
  const activation = readChoice(obj, 'activation', base, ACTIVATIONS, issues)
  const reg = { min: 0, max: LIMITS.maxRegularization }
  const l1 = obj.l1 === undefined ? undefined : readNumber(obj, 'l1', base, reg, issues)
  const l2 = obj.l2 === undefined ? undefined : readNumber(obj, 'l2', base, reg, issues)
  if (units === undefined || activation === undefined) return undefined
  const layer: DenseLayerSpec = { type: 'dense', units, activation }
  if (l1 !== undefined) layer.l1 = l1
  if (l2 !== undefined) layer.l2 = l2
  return layer
}

function readDropout(obj: Obj, base: string, issues: Issues): DropoutLayerSpec | undefined {
  checkKeys(obj, ['type', 'rate'], base, issues)
  const rate = readNumber(obj, 'rate', base, { min: 0, max: 1, maxExclusive: true }, issues)
  return rate === undefined ? undefined : { type: 'dropout', rate }
}

/**
 * The fields of one layer that validateSpec refuses ('units', 'activation', 'l1', 'l2', 'rate'), for
 * views that draw a half-edited stack and must not compute with refused values.
 */
export function refusedLayerFields(layer: unknown): Set<string> {
  const issues = new Issues()
  if (isObject(layer) && layer.type === 'dense') readDense(layer, '', issues)
  else if (isObject(layer) && layer.type === 'dropout') readDropout(layer, '', issues)
  else issues.add('type', 'must be "dense" or "dropout"')
  return new Set(issues.done().map((i) => i.path))
}

function readLayers(obj: Obj, issues: Issues): LayerSpec[] | undefined {
  const v = obj.layers
  if (!Array.isArray(v) || v.length === 0) {
    issues.add('layers', `must be a non-empty list of layers (got ${show(v)})`)
    return undefined
  }
  if (v.length > LIMITS.layers) {
    issues.add('layers', `must hold at most ${LIMITS.layers} layers (got ${v.length})`)
    return undefined
  }
  const layers: LayerSpec[] = []
  let valid = true
  v.forEach((item: unknown, i) => {
    const base = `layers[${i}]`
    if (!isObject(item)) {
      issues.add(base, `must be an object such as {"type": "dense", ...} (got ${show(item)})`)
      valid = false
      return
    }
    let layer: LayerSpec | undefined
    if (item.type === 'dense') layer = readDense(item, base, issues)
    else if (item.type === 'dropout') layer = readDropout(item, base, issues)
    else issues.add(`${base}.type`, `must be "dense" or "dropout" (got ${show(item.type)})`)
    if (layer) layers.push(layer)
    else valid = false
  })
  const last = v[v.length - 1] as unknown
  const lastOk = isObject(last) && last.type === 'dense' && last.units === NUM_CLASSES && last.activation === 'softmax'
  if (!lastOk) {
    issues.add(`layers[${v.length - 1}]`, `the last layer must be {"type": "dense", "units": ${NUM_CLASSES}, "activation": "softmax"} (one output per class)`)
    valid = false
  }
  return valid ? layers : undefined
}

function readOptimizer(obj: Obj, issues: Issues): OptimizerSpec | undefined {
  const v = obj.optimizer
  if (v === undefined) return { ...SPEC_DEFAULTS.optimizer }
  if (!isObject(v)) {
    issues.add('optimizer', `must be an object such as {"name": "rmsprop", "learningRate": 0.001} (got ${show(v)})`)
    return undefined
  }
  checkKeys(v, ['name', 'learningRate'], 'optimizer', issues)
  const name = readChoice(v, 'name', 'optimizer', OPTIMIZERS, issues)
  const learningRate =
    v.learningRate === undefined && name !== undefined
      ? DEFAULT_LEARNING_RATE[name]
      : readNumber(v, 'learningRate', 'optimizer', { min: 0, max: LIMITS.maxLearningRate, minExclusive: true }, issues)
  return name === undefined || learningRate === undefined ? undefined : { name, learningRate }
}

function readEarlyStopping(obj: Obj, validationSplit: number | undefined, issues: Issues): EarlyStoppingSpec | undefined {
  const v = obj.earlyStopping
  const base = 'earlyStopping'
  if (!isObject(v)) {
    issues.add(base, `must be an object such as {"monitor": "val_loss", "patience": 3} (got ${show(v)})`)
    return undefined
  }
  checkKeys(v, ['monitor', 'patience', 'minDelta', 'restoreBestWeights'], base, issues)
  const monitor = v.monitor === undefined ? 'val_loss' : readChoice(v, 'monitor', base, MONITORS, issues)
  const patience = readInt(v, 'patience', base, 0, Number.MAX_SAFE_INTEGER, issues)
  const minDelta = v.minDelta === undefined ? 0 : readNumber(v, 'minDelta', base, { min: 0, max: Number.MAX_VALUE }, issues)
  const restoreBestWeights = v.restoreBestWeights === undefined ? false : readBoolean(v, 'restoreBestWeights', base, issues)
  if (monitor?.startsWith('val_') && validationSplit === 0) {
    issues.add(`${base}.monitor`, `"${monitor}" needs validation data: set the validation split (validationSplit) above 0, or monitor "loss" or "accuracy"`)
    return undefined
  }
  if (monitor === undefined || patience === undefined || minDelta === undefined || restoreBestWeights === undefined) return undefined
  return { monitor, patience, minDelta, restoreBestWeights }
}

const TOP_LEVEL_KEYS = [
  'name',
  'layers',
  'optimizer',
  'loss',
  'epochs',
  'batchSize',
  'validationSplit',
  'earlyStopping',
  'seed',
  'normalize'
] as const

/**
 * Checks every field of an untrusted spec and fills in defaults for absent optional fields.
 * On success the returned spec is a fresh object holding only known keys.
 */
export function validateSpec(input: unknown): SpecValidation {
  const issues = new Issues()
  if (!isObject(input)) {
    issues.add('', `a model spec must be a JSON object (got ${show(input)})`)
    return { ok: false, issues: issues.done() }
  }
  checkKeys(input, TOP_LEVEL_KEYS, '', issues)
  const name = readName(input, issues)
  const layers = readLayers(input, issues)
  const optimizer = readOptimizer(input, issues)
  const loss = input.loss === undefined ? SPEC_DEFAULTS.loss : readChoice(input, 'loss', '', [SPEC_DEFAULTS.loss], issues)
  const epochs = readInt(input, 'epochs', '', 1, LIMITS.epochs, issues)
  const batchSize = readInt(input, 'batchSize', '', 1, LIMITS.batchSize, issues)
  const validationSplit =
    input.validationSplit === undefined
      ? SPEC_DEFAULTS.validationSplit
      : readNumber(input, 'validationSplit', '', { min: 0, max: LIMITS.maxValidationSplit }, issues)
  const earlyStopping = input.earlyStopping === undefined ? undefined : readEarlyStopping(input, validationSplit, issues)
  const seed = input.seed === undefined ? SPEC_DEFAULTS.seed : readInt(input, 'seed', '', 0, LIMITS.maxSeed, issues)
  const normalize = input.normalize === undefined ? SPEC_DEFAULTS.normalize : readBoolean(input, 'normalize', '', issues)

  if (issues.list.length > 0) return { ok: false, issues: issues.done() }
  // No issues means every reader returned a value.
  const spec: ModelSpec = {
    name: name!,
    layers: layers!,
    optimizer: optimizer!,
    loss: loss!,
    epochs: epochs!,
    batchSize: batchSize!,
    validationSplit: validationSplit!,
    seed: seed!,
    normalize: normalize!
  }
  if (earlyStopping) spec.earlyStopping = earlyStopping
  return { ok: true, spec }
}

/** All issues on one line, e.g. `layers[1].rate: must be ...; epochs: must be ...`. */
export function formatSpecIssues(issues: SpecIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
}

export interface LayerParameters {
  /** Keras-style name, numbered per type: dense_1, dropout_1, dense_2, ... */
  name: string
  /** 'Dense' or 'Dropout', as model.summary() shows it. */
  type: string
  /** Output shape without the batch dimension, e.g. [512]. */
  outputShape: number[]
  params: number
}

/** The parameter table of model.summary() for a valid spec: a Dense layer has in*units weights + units biases. */
export function countParameters(spec: ModelSpec): { layers: LayerParameters[]; total: number } {
  const seen = { dense: 0, dropout: 0 }
  let width = PIXELS
  const layers = spec.layers.map((layer): LayerParameters => {
    const index = ++seen[layer.type]
    if (layer.type === 'dropout') return { name: `dropout_${index}`, type: 'Dropout', outputShape: [width], params: 0 }
    const params = width * layer.units + layer.units
    width = layer.units
    return { name: `dense_${index}`, type: 'Dense', outputShape: [width], params }
  })
  return { layers, total: layers.reduce((sum, l) => sum + l.params, 0) }
}
