/** Which layers of a variant a sweep changes. */
import { UserError } from '../errors'
import type { ModelSpec } from '../spec'
import type { SweepSpec } from './params'

/**
 * Indexes of the layers an l1/l2 sweep sets: the ones the user picked; otherwise the Dense layers
 * that already carry that penalty (so an L2 variant's penalty moves where it is); otherwise, for a
 * variant without it, every hidden Dense layer (all but the output layer, which no preset penalizes).
 */
export function strengthLayers(spec: ModelSpec, sweep: Pick<SweepSpec, 'variant' | 'param' | 'layers'>): number[] {
  const param = sweep.param
  if (param !== 'l1' && param !== 'l2') throw new Error(`strengthLayers called for ${param}`)
  if (sweep.layers !== undefined) {
    if (sweep.layers.length === 0) throw new UserError('usage', `Sweep of ${sweep.variant}: the list of layers is empty`)
    for (const i of sweep.layers) {
      if (!Number.isInteger(i) || i < 0 || i >= spec.layers.length || spec.layers[i].type !== 'dense') {
        const dense = spec.layers.flatMap((l, k) => (l.type === 'dense' ? [k] : []))
        throw new UserError('usage', `Sweep of ${sweep.variant}: layer ${i} is not a Dense layer of it (Dense layers: ${dense.join(', ')})`)
      }
    }
    return [...new Set(sweep.layers)]
  }
  const penalized = spec.layers.flatMap((l, i) => (l.type === 'dense' && (l[param] ?? 0) > 0 ? [i] : []))
  if (penalized.length > 0) return penalized
  const last = spec.layers.length - 1
  return spec.layers.flatMap((l, i) => (l.type === 'dense' && i !== last ? [i] : []))
}

export function dropoutLayers(spec: ModelSpec): number[] {
  return spec.layers.flatMap((l, i) => (l.type === 'dropout' ? [i] : []))
}
