import type * as tfjs from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import {
  KERNEL_PENALTY,
  kernelPenalty,
  kernelPenaltyPlain,
  registerKernelPenalty
} from '../../../../../src/main/core/fastKernels/kernelPenalty'
import { createRng } from '../../../../../src/main/core/util/rng'

function weights(tf: typeof tfjs, count: number, seed: number): tfjs.Tensor {
  const rng = createRng(seed)
  // Some exact zeros: the abs gradient there is -1, as in TF.js.
  return tf.tensor1d(Float32Array.from({ length: count }, (_, i) => (i % 17 === 0 ? 0 : (rng() * 2 - 1) * 0.1)))
}

describe.each(['wasm', 'cpu'] as const)('the fused kernel penalty on %s', (backend) => {
  it('gives the plain kernels\' gradient to 1e-5, and the exact value as closely as they do', async () => {
    const { tf } = await selectBackend(backend)
    registerKernelPenalty(tf)
    expect(tf.getKernel(KERNEL_PENALTY, backend)).toBeDefined()
    const cases: [number, number, number][] = [[7, 1e-4, 0], [4099, 0, 1e-4], [784 * 512, 1e-4, 1e-3]]
    for (const [count, l1, l2] of cases) {
      const before = tf.memory().numTensors
      const w = weights(tf, count, count)
      const fused = tf.valueAndGrad((x: tfjs.Tensor) => kernelPenalty(tf, x, l1, l2))(w)
      const plain = tf.valueAndGrad((x: tfjs.Tensor) => kernelPenaltyPlain(tf, x, l1, l2))(w)
      // The value is a sum of up to 400k float32 terms, where the plain Sum kernel itself is off by
      // about 2.5e-5 (relative) on wasm: both are held to the exact sum, the fused one to 1e-5 and
      // no worse than the plain one.
      const data = w.dataSync()
      let exact = 0
      for (const x of data) exact += l1 * Math.abs(x) + l2 * x * x
      const [fusedError, plainError] = [fused.value, plain.value].map((v) => Math.abs(v.dataSync()[0] - exact) / exact)
      expect(fusedError, `value, ${count}`).toBeLessThanOrEqual(1e-5)
      expect(fusedError, `value, ${count}`).toBeLessThanOrEqual(plainError + 1e-7)
      const [fg, pg] = [fused.grad.dataSync(), plain.grad.dataSync()]
      let worst = 0
      for (let i = 0; i < fg.length; i++) worst = Math.max(worst, Math.abs(fg[i] - pg[i]))
      expect(worst, `gradient, ${count}`).toBeLessThanOrEqual(1e-5)
      expect(fg[0], 'gradient at a zero weight').toBeCloseTo(-l1, 9)
      tf.dispose([w, fused.value, fused.grad, plain.value, plain.grad])
      expect(tf.memory().numTensors).toBe(before)
    }
  })
})
