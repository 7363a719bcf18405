/**
 * The model.summary() rows of a layer stack that may be half-edited: values that are not valid yet
 * give unknown (null) shapes and counts instead of failing, so the table and diagram stay visible.
 * For a valid spec the rows equal countParameters() of src/shared/specValidate.
 */
import { PIXELS } from '../../../shared/dataset'
import type { LayerSpec } from '../../../shared/spec'

export interface SummaryRow {
  /** Keras-style name numbered per type: dense_1, dropout_1, dense_2, ... */
  name: string
  type: 'Dense' | 'Dropout'
  /** Output width without the batch dimension; null when an earlier value is not valid. */
  width: number | null
  params: number | null
  layer: LayerSpec
}

export interface ModelSummary {
  rows: SummaryRow[]
  /** Null when some row's count is unknown. */
  total: number | null
}

function validUnits(units: unknown): units is number {
  return typeof units === 'number' && Number.isInteger(units) && units > 0
}

export function summarize(layers: readonly LayerSpec[]): ModelSummary {
  const seen = { dense: 0, dropout: 0 }
  let width: number | null = PIXELS
  const rows = layers.map((layer): SummaryRow => {
    if (layer.type === 'dropout') return { name: `dropout_${++seen.dropout}`, type: 'Dropout', width, params: 0, layer }
    const units = validUnits(layer.units) ? layer.units : null
    const params = width !== null && units !== null ? width * units + units : null
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
