import type * as tfjs from '@tensorflow/tfjs'
import type { WeightStats } from '../../../shared/results'

export const HISTOGRAM_BINS = 40
/** |w| below this counts as "near zero", the sparsity measure of the L1 comparison. */
export const NEAR_ZERO = 1e-3

/** Norms, moments, sparsity and a 40-bin histogram of one kernel's values. */
export function kernelStats(layer: string, shape: number[], values: Float32Array): WeightStats {
  const count = values.length
  let l1 = 0
  let squares = 0
  let sum = 0
  let nearZero = 0
  let min = Infinity
  let max = -Infinity
  for (const w of values) {
    const a = Math.abs(w)
    l1 += a
    squares += w * w
    sum += w
    if (a < NEAR_ZERO) nearZero += 1
    if (w < min) min = w
    if (w > max) max = w
  }
  const n = Math.max(1, count)
  const mean = sum / n
  let deviations = 0
  for (const w of values) deviations += (w - mean) * (w - mean)

  const counts = new Array<number>(HISTOGRAM_BINS).fill(0)
  if (count === 0) {
    min = 0
    max = 0
  }
  const width = (max - min) / HISTOGRAM_BINS
  for (const w of values) {
    // A constant kernel has zero width: every value goes to the first bin.
    const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((w - min) / width)) : 0
    counts[bin] += 1
  }
  return {
    layer,
    shape,
    count,
    l1,
    l2: Math.sqrt(squares),
    mean,
    std: Math.sqrt(deviations / n),
    nearZero: nearZero / n,
    histogram: { min, max, counts }
  }
}

/** Statistics of every dense layer's kernel, in layer order (read asynchronously, as WebGPU needs). */
export async function weightStats(model: tfjs.LayersModel): Promise<WeightStats[]> {
  const dense = model.layers.filter((layer) => layer.getClassName() === 'Dense')
  return Promise.all(
    dense.map(async (layer) => {
      const kernel = layer.getWeights()[0]
      return kernelStats(layer.name, kernel.shape, (await kernel.data()) as Float32Array)
    })
  )
}
