import type * as tfjs from '@tensorflow/tfjs'
import type { ImageSet } from '../datasets/types'
import { imageBatch } from '../fastKernels/imageBatchOp'
import { INPUT_SIZE } from './model'

type Tf = typeof tfjs

/**
 * Pixels of the images order[start..end) (or start..end when order is null), as float32 inputs
 * (divided by 255 when normalize). The data set stays uint8; only one batch at a time is widened.
 */
export function gatherPixels(set: ImageSet, order: Int32Array | null, start: number, end: number, normalize: boolean): Float32Array {
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
  return x
}

/** The labels of the images order[start..end) (or start..end when order is null). */
export function gatherLabels(set: ImageSet, order: Int32Array | null, start: number, end: number): Int32Array {
  const y = new Int32Array(end - start)
  for (let row = 0; row < y.length; row++) y[row] = set.labels[order ? order[start + row] : start + row]
  return y
}

/**
 * The images of a batch as a float32 [size, 784] tensor; the caller disposes it. On wasm the pixels
 * are widened on the backend's heap (fastKernels/imageBatch.ts), to the same floats.
 */
export function batchImages(tf: Tf, set: ImageSet, order: Int32Array | null, start: number, end: number, normalize: boolean): tfjs.Tensor2D {
  const onBackend = imageBatch(tf, { images: set.images, order, start, end, pixels: INPUT_SIZE, normalize })
  // A fresh array per batch otherwise: the cpu backend keeps the array it is given instead of copying it.
  return onBackend ?? tf.tensor2d(gatherPixels(set, order, start, end, normalize), [end - start, INPUT_SIZE])
}

/** The batch as tensors: x [size, 784] float32, y [size] int32. The caller disposes them. */
export function batchTensors(
  tf: Tf,
  set: ImageSet,
  order: Int32Array | null,
  start: number,
  end: number,
  normalize: boolean
): { x: tfjs.Tensor2D; y: tfjs.Tensor1D } {
  return { x: batchImages(tf, set, order, start, end, normalize), y: tf.tensor1d(gatherLabels(set, order, start, end), 'int32') }
}
