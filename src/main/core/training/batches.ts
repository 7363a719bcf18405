import type * as tfjs from '@tensorflow/tfjs'
import type { ImageSet } from '../datasets/types'
import { imageBatch } from '../fastKernels/imageBatchOp'
import { INPUT_SIZE } from './model'

type Tf = typeof tfjs

/**
 * Pixels and labels of the images order[start..end) (or start..end when order is null), as
 * float32 inputs (divided by 255 when normalize) and int32 labels. The data set stays uint8;
 * only one batch at a time is widened to float.
 */
export function gatherBatch(
  set: ImageSet,
  order: Int32Array | null,
  start: number,
  end: number,
  normalize: boolean
): { x: Float32Array; y: Int32Array } {
  const size = end - start
  // Locals, not the imported constant: an import is a property read on every use, which in this
  // loop cost about 1 ms per 128-image batch.
  const pixels = INPUT_SIZE
  const images = set.images
  const x = new Float32Array(size * pixels)
  const scale = normalize ? 1 / 255 : 1
  for (let row = 0; row < size; row++) {
    const from = (order ? order[start + row] : start + row) * pixels
    const to = row * pixels
    for (let p = 0; p < pixels; p++) x[to + p] = images[from + p] * scale
  }
  return { x, y: gatherLabels(set, order, start, end) }
}

/**
 * The same batch as tensors: x [size, 784] float32, y [size] int32. The caller disposes them. On
 * wasm the pixels are widened on the backend's heap (fastKernels/imageBatch.ts), to the same floats.
 */
export function batchTensors(
  tf: Tf,
  set: ImageSet,
  order: Int32Array | null,
  start: number,
  end: number,
  normalize: boolean
): { x: tfjs.Tensor2D; y: tfjs.Tensor1D } {
  const onBackend = imageBatch(tf, { images: set.images, order, start, end, pixels: INPUT_SIZE, normalize })
  if (onBackend) return { x: onBackend, y: tf.tensor1d(gatherLabels(set, order, start, end), 'int32') }
  // A fresh array per batch: the cpu backend keeps the array it is given instead of copying it.
  const { x, y } = gatherBatch(set, order, start, end, normalize)
  return { x: tf.tensor2d(x, [end - start, INPUT_SIZE]), y: tf.tensor1d(y, 'int32') }
}

/** The labels of the images order[start..end) (or start..end when order is null). */
function gatherLabels(set: ImageSet, order: Int32Array | null, start: number, end: number): Int32Array {
  const y = new Int32Array(end - start)
  for (let row = 0; row < y.length; row++) y[row] = set.labels[order ? order[start + row] : start + row]
  return y
}
