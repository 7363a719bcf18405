/**
 * The model.summary() rows of a layer stack that may be half-edited: a unit count that validateSpec
 * would refuse gives unknown (null) shapes and counts from there on instead of failing, so the table
 * and diagram stay visible. Other refused values (a rate, a factor) change no count: the editor flags
 * them itself. For a valid spec the rows equal countParameters() of src/shared/specValidate.
 */
import { PIXELS } from '../../../shared/dataset'
import type { LayerSpec } from '../../../shared/spec'
import { refusedLayerFields } from '../../../shared/specValidate'

export interface SummaryRow {
  /** Keras-style name numbered per type: dense_1, dropout_1, dense_2, ... */
  name: string
  type: 'Dense' | 'Dropout'
  /** Output width without the batch dimension; null when an earlier value is not valid. */
  width: number | null
  /** Null when this layer's unit count is refused or its input width is unknown. */
  params: number | null
  layer: LayerSpec
}

export interface ModelSummary {
  rows: SummaryRow[]
  /** Null when some row's count is unknown. */
  total: number | null
}

/** Whether validateSpec accepts this value of the layer; the validator itself decides. */
export function accepted(layer: LayerSpec, field: 'units' | 'activation' | 'l1' | 'l2' | 'rate'): boolean {
  return !refusedLayerFields(layer).has(field)
}

export function summarize(layers: readonly LayerSpec[]): ModelSummary {
  const seen = { dense: 0, dropout: 0 }
  let width: number | null = PIXELS
  const rows = layers.map((layer): SummaryRow => {
    if (layer.type === 'dropout') return { name: `dropout_${++seen.dropout}`, type: 'Dropout', width, params: 0, layer }
    const units = accepted(layer, 'units') ? layer.units : null
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
