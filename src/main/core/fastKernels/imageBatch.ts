/**
 * The wasm kernel of the image-batch op (imageBatchOp.ts): the batch's bytes are copied into
 * the heap (at once when the batch spans a narrow stretch of the set, else image by image) and
 * widened there to floats by SIMD code (imagePixelsCode.ts), straight into the tensor. The JavaScript path widens each pixel
 * in a loop and the backend then copies the floats in: 1.2 ms more for a 1024-image batch.
 */
import type * as tfjs from '@tensorflow/tfjs'
import { IMAGE_BATCH, type ImageBatchAttrs } from './imageBatchOp'
import { wasmHeap } from './heap'

type Tf = typeof tfjs
type KernelArgs = Parameters<tfjs.KernelConfig['kernelFunc']>[0]

/** The smallest and largest index of order[start..end). */
function indexRange(order: Int32Array, start: number, end: number): [number, number] {
  let [low, high] = [Infinity, -1]
  for (let row = start; row < end; row++) {
    const index = order[row]
    if (index < low) low = index
    if (index > high) high = index
  }
  return [low, high]
}

function wasmKernel({ backend, attrs }: KernelArgs): tfjs.TensorInfo {
  const { images, order, start, end, pixels, normalize } = attrs as unknown as ImageBatchAttrs
  const heap = wasmHeap(backend)
  const size = end - start
  const divide = normalize ? 1 : 0
  const out = heap.output([size, pixels])
  // An order within a window not much wider than the batch (an evaluation batch in label order)
  // copies the window at once and widens row by row from it; a training batch's shuffled order
  // spans the set, so its images are copied one by one and widened together.
  const [low, high] = order ? indexRange(order, start, end) : [start, end - 1]
  const window = order && high - low + 1 <= 2 * size ? high - low + 1 : 0
  // Scratch for the bytes, a quarter as many floats; the engine never sees it, so it is freed here.
  const scratch = heap.output([Math.max(1, Math.ceil(((window || size) * pixels) / 4))])
  try {
    const bytes = heap.bytes()
    const [base, target] = [heap.offset(scratch), heap.offset(out)]
    if (!order) {
      bytes.set(images.subarray(start * pixels, end * pixels), base)
      heap.kernels.imagePixels(base, target, size * pixels, divide)
    } else if (window > 0) {
      bytes.set(images.subarray(low * pixels, (high + 1) * pixels), base)
      for (let row = 0; row < size; row++) heap.kernels.imagePixels(base + (order[start + row] - low) * pixels, target + 4 * row * pixels, pixels, divide)
    } else {
      for (let row = 0; row < size; row++) {
        const index = order[start + row]
        bytes.set(images.subarray(index * pixels, (index + 1) * pixels), base + row * pixels)
      }
      heap.kernels.imagePixels(base, target, size * pixels, divide)
    }
  } finally {
    ;(backend as tfjs.KernelBackend).disposeData(scratch.dataId)
  }
  return out
}

/** Registers the kernel on the wasm backend; safe to call more than once. */
export function registerImageBatch(tf: Tf): void {
  if (!tf.getKernel(IMAGE_BATCH, 'wasm')) tf.registerKernel({ kernelName: IMAGE_BATCH, backendName: 'wasm', kernelFunc: wasmKernel })
}
