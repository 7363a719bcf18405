/**
 * The model.summary() rows of a layer stack that may be half-edited: values that validateSpec would
 * refuse give unknown (null) shapes and counts instead of failing, so the table and diagram stay
 * visible. For a valid spec the rows equal countParameters() of src/shared/specValidate.
 */
import { PIXELS } from '../../../shared/dataset'
import type { LayerSpec } from '../../../shared/spec'
import { ACTIVATIONS, LIMITS } from '../../../shared/specValidate'

export interface SummaryRow {
  /** Keras-style name numbered per type: dense_1, dropout_1, dense_2, ... */
  name: string
  type: 'Dense' | 'Dropout'
  /** Output width without the batch dimension; null when an earlier value is not valid. */
  width: number | null
  /** Null when a value of this layer is refused or its input width is unknown. */
  params: number | null
  layer: LayerSpec
}

export interface ModelSummary {
  rows: SummaryRow[]
  /** Null when some row's count is unknown. */
  total: number | null
}

// The ranges of validateSpec, value by value: a count from a refused value would be one no model has.
export function validUnits(units: unknown): units is number {
  return typeof units === 'number' && Number.isInteger(units) && units >= 1 && units <= LIMITS.units
}

export function validActivation(activation: unknown): boolean {
  return (ACTIVATIONS as readonly unknown[]).includes(activation)
}

/** An L1/L2 factor; absent means none. */
export function validFactor(factor: unknown): boolean {
  return factor === undefined || (typeof factor === 'number' && factor >= 0 && factor <= LIMITS.maxRegularization)
}

export function validRate(rate: unknown): boolean {
  return typeof rate === 'number' && rate >= 0 && rate < 1
}

/** Whether validateSpec accepts every value of the layer. */
function validLayer(layer: LayerSpec): boolean {
  if (layer.type === 'dropout') return validRate(layer.rate)
  return validUnits(layer.units) && validActivation(layer.activation) && validFactor(layer.l1) && validFactor(layer.l2)
}

export function summarize(layers: readonly LayerSpec[]): ModelSummary {
  const seen = { dense: 0, dropout: 0 }
  let width: number | null = PIXELS
  const rows = layers.map((layer): SummaryRow => {
    if (layer.type === 'dropout') return { name: `dropout_${++seen.dropout}`, type: 'Dropout', width, params: validLayer(layer) ? 0 : null, layer }
    const units = validUnits(layer.units) ? layer.units : null
    const params = width !== null && units !== null && validLayer(layer) ? width * units + units : null
    width = units
    return { name: `dense_${++seen.dense}`, type: 'Dense', width, params, layer }
  })
  const known = rows.every((r) => r.params !== null)
  return { rows, total: known ? rows.reduce((sum, r) => sum + (r.params ?? 0), 0) : null }
}

/** Keras prints shapes with the batch dimension: "(None, 512)". */
export function formatShape(width: number | null): string {
  return `(None, ${width ?? '?'})`
}
