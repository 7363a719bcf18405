import type * as tfjs from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import {
  RMSPROP_UPDATE,
  registerRmspropUpdate,
  rmspropUpdate,
  rmspropUpdatePlain
} from '../../../../../src/main/core/fastKernels/rmspropUpdate'
import { createRng } from '../../../../../src/main/core/util/rng'

const ATTRS = { learningRate: 0.001, rho: 0.9, epsilon: 1e-7 }

function random(tf: typeof tfjs, count: number, seed: number, scale: number, positive = false): tfjs.Tensor {
  const rng = createRng(seed)
  return tf.tensor1d(Float32Array.from({ length: count }, () => (positive ? rng() : rng() * 2 - 1) * scale))
}

function maxDifference(a: tfjs.Tensor, b: tfjs.Tensor): number {
  const x = a.dataSync()
  const y = b.dataSync()
  let worst = 0
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]))
  return worst
}

describe.each(['wasm', 'cpu'] as const)('the fused RMSprop update on %s', (backend) => {
  it('gives the plain kernels\' numbers (to 1e-5; in practice exactly)', async () => {
    const { tf } = await selectBackend(backend)
    registerRmspropUpdate(tf)
    expect(tf.getKernel(RMSPROP_UPDATE, backend)).toBeDefined()
    // Sizes with and without a remainder after the 4-wide SIMD part, and a full 784x512 kernel.
    for (const [count, seed] of [[1, 1], [7, 2], [4096, 3], [784 * 512, 4]]) {
      const before = tf.memory().numTensors
      const w = random(tf, count, seed, 0.1)
      const ms = random(tf, count, seed + 10, 0.01, true)
      const g = random(tf, count, seed + 20, 0.05)
      const [fusedW, fusedMs] = rmspropUpdate(tf, w, ms, g, ATTRS)
      const [plainW, plainMs] = rmspropUpdatePlain(tf, w, ms, g, ATTRS)
      expect(maxDifference(fusedW, plainW), `weights, ${count}`).toBeLessThanOrEqual(1e-5)
      expect(maxDifference(fusedMs, plainMs), `mean squares, ${count}`).toBeLessThanOrEqual(1e-5)
      expect(maxDifference(fusedW, w), `the update moved the weights, ${count}`).toBeGreaterThan(0)
      tf.dispose([w, ms, g, fusedW, fusedMs, plainW, plainMs])
      expect(tf.memory().numTensors).toBe(before)
    }
  })
})
