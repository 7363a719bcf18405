/** Validation of untrusted model specs (file, IPC, WebSocket): the schema plus the rules across fields, and parameter counting. */
import * as z from 'zod/mini'
import { MAX_CLASSES, MIN_CLASSES, outputUnits } from './classNames'
import { PIXELS } from './dataset'
import { parse, plainMessage } from './schema'
import { denseLayerSchema, dropoutLayerSchema, MONITORS, modelSpecSchema, SPEC_DEFAULTS, LIMITS, type ModelSpec, type SpecIssue } from './spec'

export { ACTIVATIONS, LIMITS, MONITORS, OPTIMIZERS, SPEC_DEFAULTS, isSpecFieldPath } from './spec'

export type SpecValidation = { ok: true; spec: ModelSpec } | { ok: false; issues: SpecIssue[] }

type Obj = Record<string, unknown>

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * The rules the schema cannot state field by field. They read the raw input, so they are reported
 * beside the fields' own problems rather than only once those are fixed.
 */
function crossFieldIssues(input: unknown): z.core.$ZodRawIssue[] {
  if (!isObject(input)) return []
  const issues: z.core.$ZodRawIssue[] = []
  const layers = input.layers
  if (Array.isArray(layers) && layers.length > 0 && layers.length <= LIMITS.layers) {
    const last = layers[layers.length - 1] as unknown
    const units = isObject(last) ? last.units : undefined
    const classes = typeof units === 'number' && Number.isInteger(units) && units >= MIN_CLASSES && units <= MAX_CLASSES
    if (!(isObject(last) && last.type === 'dense' && classes && last.activation === 'softmax')) {
      const message = `the last layer must be {"type": "dense", "units": K, "activation": "softmax"}, one output per class of the dataset (K from ${MIN_CLASSES} to ${MAX_CLASSES})`
      issues.push({ code: 'custom', path: ['layers', layers.length - 1], message, input: last })
    }
  }
  const es = input.earlyStopping
  const monitor = isObject(es) ? (es.monitor ?? MONITORS[0]) : undefined
  const validationSplit = input.validationSplit ?? SPEC_DEFAULTS.validationSplit
  if (typeof monitor === 'string' && (MONITORS as readonly string[]).includes(monitor) && monitor.startsWith('val_') && validationSplit === 0) {
    const message = `"${monitor}" needs validation data: set the validation split (validationSplit) above 0, or monitor "loss" or "accuracy"`
    issues.push({ code: 'custom', path: ['earlyStopping', 'monitor'], message, input: monitor })
  }
  return issues
}

/**
 * A spec checked in full (schema, defaults, rules across fields), as a schema, so requests that carry
 * a spec check it like any other field. On success the value is a fresh object holding only known keys.
 */
export const validModelSpec = z.pipe(
  z.unknown(),
  z.transform((input, ctx): ModelSpec => {
    const parsed = z.safeParse(modelSpecSchema, input, { error: plainMessage })
    const issues = [...(parsed.success ? [] : parsed.error.issues), ...crossFieldIssues(input)]
    if (parsed.success && issues.length === 0) return parsed.data
    // Already finished issues (paths and messages set): zod keeps them as they are, under this field's path.
    ctx.issues.push(...(issues as z.core.$ZodRawIssue[]))
    return z.NEVER
  })
)

/**
 * The rule a spec can only meet once its dataset is known, checked when a run starts: one output per
 * class. Null when it fits.
 */
export function outputLayerProblem(spec: ModelSpec, classNames: readonly string[]): string | null {
  const units = outputUnits(spec)
  if (units === classNames.length) return null
  return `the last layer has ${units} units but the dataset has ${classNames.length} classes: set the last Dense layer's units to ${classNames.length} (one output per class)`
}

/** Checks every field of an untrusted spec and fills in defaults for absent optional fields. */
export function validateSpec(input: unknown): SpecValidation {
  const checked = parse(validModelSpec, input)
  return checked.ok ? { ok: true, spec: checked.value } : { ok: false, issues: checked.issues }
}

/**
 * The fields of one layer that validateSpec refuses ('units', 'activation', 'l1', 'l2', 'rate'), for
 * views that draw a half-edited stack and must not compute with refused values.
 */
export function refusedLayerFields(layer: unknown): Set<string> {
  const type = isObject(layer) ? layer.type : undefined
  if (type !== 'dense' && type !== 'dropout') return new Set(['type'])
  const checked = type === 'dense' ? parse(denseLayerSchema, layer) : parse(dropoutLayerSchema, layer)
  return new Set(checked.ok ? [] : checked.issues.map((i) => i.path))
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
