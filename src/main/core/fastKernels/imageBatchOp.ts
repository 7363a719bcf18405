/**
 * The op that turns a batch of a set's uint8 images into the float input tensor, apart from its
 * wasm kernel (imageBatch.ts) so the browser trainer can bundle the training code.
 */
import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs

export const IMAGE_BATCH = 'RegStudioImageBatch'

/** What the kernel reads: the images order[start..end) (or start..end when order is null), `pixels` bytes each. */
export interface ImageBatchAttrs {
  images: Uint8Array
  order: Int32Array | null
  start: number
  end: number
  pixels: number
  normalize: boolean
}

/** The batch as a float32 [end - start, pixels] tensor made on the backend itself, or null where it has no such kernel. */
export function imageBatch(tf: Tf, attrs: ImageBatchAttrs): tfjs.Tensor2D | null {
  if (!tf.getKernel(IMAGE_BATCH, tf.getBackend())) return null
  return tf.engine().runKernel(IMAGE_BATCH, {}, attrs as unknown as tfjs.NamedAttrMap) as tfjs.Tensor2D
}
