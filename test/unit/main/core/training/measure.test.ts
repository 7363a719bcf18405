import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { gatherPixels } from '../../../../../src/main/core/training/batches'
import { crossEntropyPerSample } from '../../../../../src/main/core/training/losses'
import { byLabel, EVAL_BATCH_SIZE, measureSet } from '../../../../../src/main/core/training/measure'
import { createModel } from '../../../../../src/main/core/training/model'
import { createRng, shuffleInPlace } from '../../../../../src/main/core/util/rng'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'

describe('byLabel', () => {
  it('orders a slice by label, keeping set order within a label, and says where each image went', () => {
    const labels = Uint8Array.from([9, 3, 3, 0, 255, 7, 3, 0])
    const { order, restore } = byLabel(labels, 1, 8)
    expect(Array.from(order)).toEqual([3, 7, 1, 2, 6, 5, 4])
    expect(Array.from(order, (i) => labels[i])).toEqual([0, 0, 3, 3, 3, 7, 255])
    for (let i = 1; i < 8; i++) expect(order[restore[i - 1]]).toBe(i)
  })
})

describe.each(['wasm', 'cpu'] as const)('measureSet on %s', (backend) => {
  let tf: typeof tfjs
  beforeAll(async () => {
    tf = (await selectBackend(backend, { threads: 2 })).tf
  })

  it('gives each image the probabilities the model gives it in set order, and sums loss and accuracy in set order', async () => {
    // Two batches and a part, labels shuffled so that label order is not set order.
    const synthetic = syntheticSet(2 * EVAL_BATCH_SIZE + 300, 3)
    const shuffled = Uint32Array.from(synthetic.labels)
    shuffleInPlace(shuffled, createRng(4))
    const set = { ...synthetic, labels: Uint8Array.from(shuffled) }
    const { model, regularized } = createModel(tf, smallSpec())
    const measured = await measureSet(tf, model, regularized, set, true, true)

    const direct = model.apply(tf.tensor2d(gatherPixels(set, null, 0, set.count, true), [set.count, 784]), { training: false }) as tfjs.Tensor2D
    const probabilities = (await direct.data()) as Float32Array
    expect(Buffer.from(measured.probabilities!.buffer).equals(Buffer.from(probabilities.buffer))).toBe(true)

    // The same sums, batch by batch in set order, as before the batches ran in label order.
    let loss: tfjs.Tensor = tf.scalar(0)
    for (let start = 0; start < set.count; start += EVAL_BATCH_SIZE) {
      const end = Math.min(set.count, start + EVAL_BATCH_SIZE)
      const labels = tf.tensor1d(Int32Array.from(set.labels.subarray(start, end)), 'int32')
      loss = tf.add(loss, tf.sum(crossEntropyPerSample(tf, tf.slice(direct, [start, 0], [end - start, 10]), labels)))
    }
    // No regularizer in this spec: no penalty to add.
    expect(regularized).toHaveLength(0)
    expect(measured.loss).toBe((await loss.data())[0] / set.count)
    const predicted = Array.from(await tf.argMax(direct, 1).data())
    expect(measured.accuracy).toBe(predicted.filter((p, i) => p === set.labels[i]).length / set.count)
    model.dispose()
  })
})
