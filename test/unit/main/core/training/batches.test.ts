import { describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { batchTensors, gatherLabels, gatherPixels } from '../../../../../src/main/core/training/batches'
import { IMAGE_BATCH } from '../../../../../src/main/core/fastKernels/imageBatchOp'

function set() {
  const images = new Uint8Array(3 * 784)
  images.fill(255, 0, 784)
  images.fill(51, 784, 2 * 784)
  images[2 * 784 + 5] = 102
  return { count: 3, images, labels: Uint8Array.from([7, 1, 4]) }
}

/** The JavaScript path's pixels and labels of a batch. */
function gatherBatch(data: ReturnType<typeof set>, order: Int32Array | null, start: number, end: number, normalize: boolean) {
  return { x: gatherPixels(data, order, start, end, normalize), y: gatherLabels(data, order, start, end) }
}

describe('gatherPixels and gatherLabels', () => {
  it('take rows in the given order and divide by 255 when normalizing', () => {
    const { x, y } = gatherBatch(set(), Int32Array.from([2, 0, 1]), 0, 2, true)
    expect(x).toHaveLength(2 * 784)
    expect(Array.from(y)).toEqual([4, 7])
    expect(x[5]).toBeCloseTo(0.4, 6)
    expect(x[0]).toBe(0)
    expect(x[784]).toBe(1)
  })

  it('keep raw pixel values without normalization and read in index order without an order', () => {
    const { x, y } = gatherBatch(set(), null, 1, 3, false)
    expect(Array.from(y)).toEqual([1, 4])
    expect(x[0]).toBe(51)
    expect(x[784 + 5]).toBe(102)
  })
})

describe('batchTensors', () => {
  // Every byte value at least once among the images.
  const count = 7
  const images = new Uint8Array(count * 784).map((_, i) => (i * 37 + (i >> 8)) % 256)
  const full = { count, images, labels: Uint8Array.from([3, 1, 4, 1, 5, 9, 2]) }

  it.each(['wasm', 'cpu'] as const)('gives the JavaScript path\'s floats and labels on %s: shuffled over the set, shuffled within the batch, in order; normalized or not', async (backend) => {
    const { tf } = await selectBackend(backend)
    expect(new Set(images).size).toBe(256)
    // On wasm the batch is made on the heap by the fused kernel; cpu keeps the JavaScript path.
    expect(tf.getKernel(IMAGE_BATCH, backend) !== undefined).toBe(backend === 'wasm')
    // Images far apart (a training batch: copied one by one), within a window less than twice the
    // batch (widened row by row from one copy), in order.
    for (const [order, start, end] of [[Int32Array.from([6, 0, 3]), 0, 2], [Int32Array.from([6, 2, 0, 5, 1, 3, 4]), 1, 6], [null, 0, 7], [null, 2, 3]] as const) {
      for (const normalize of [true, false]) {
        const expected = gatherBatch(full, order, start, end, normalize)
        const { x, y } = batchTensors(tf, full, order, start, end, normalize)
        expect(x.shape).toEqual([end - start, 784])
        expect(Buffer.from((await x.data()).buffer).equals(Buffer.from(expected.x.buffer)), `order ${order !== null}, ${start}..${end}, normalize ${normalize}`).toBe(true)
        expect(Array.from(await y.data())).toEqual(Array.from(expected.y))
        tf.dispose([x, y])
      }
    }
  })
})
