import v8 from 'node:v8'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { RELAXED_SIMD_FLAG } from '../../../../../src/main/core/fastKernels/kernelVariant'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { createModel } from '../../../../../src/main/core/training/model'
import { trainModel } from '../../../../../src/main/core/training/train'
import { createRng } from '../../../../../src/main/core/util/rng'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'

// This file's process is a trainer started on Node 20: relaxed SIMD on, as trainerHost.ts does it.
v8.setFlagsFromString(RELAXED_SIMD_FLAG)

function random(shape: number[], seed: number): Float32Array {
  const rng = createRng(seed)
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1)
}

/** The product on a backend, operands from the same seeds; `sparse`: A's values below 0.5 made 0 (three quarters, as after a ReLU). */
function product(backend: string, a: number[], b: number[], transposeA: boolean, transposeB: boolean, sparse = false): Float32Array {
  expect(tf.setBackend(backend)).toBeTruthy()
  const values = random(a, 1).map((v) => (sparse && v < 0.5 ? 0 : v))
  return tf.tidy(() => tf.matMul(tf.tensor(values, a), tf.tensor(random(b, 2), b), transposeA, transposeB).dataSync() as Float32Array)
}

async function trainOnce() {
  const spec = smallSpec({ epochs: 2 })
  const { model, regularized } = createModel(tf, spec)
  try {
    const { history } = await trainModel({ tf, model, regularized, spec, train: syntheticSet(320, 1), validation: syntheticSet(80, 2) })
    // Everything but the epoch's wall time.
    return history.map(({ ms: _, ...metrics }) => metrics)
  } finally {
    model.dispose()
  }
}

describe('wasm products on the relaxed-SIMD FMA kernels, two threads', () => {
  beforeAll(async () => {
    const { choice } = await selectBackend('wasm', { threads: 2 })
    expect(choice.reason).toBe('forced: wasm: ok, relaxed-simd-fma kernels')
    expect(choice.threads).toBe(2)
  })

  // The seed network's shapes at batch 64: forward, input gradient (B transposed), weight gradient (A transposed).
  it.each([
    [[64, 784], [784, 512], false, false, false],
    [[64, 512], [512, 512], false, true, false],
    [[64, 784], [64, 512], true, false, false],
    [[37, 53], [29, 53], false, true, false],
    // A mostly zeros: packA leaves out its all-zero columns and gemm skips them.
    [[64, 784], [784, 512], false, false, true],
    [[64, 512], [512, 512], false, true, true],
    [[64, 784], [64, 512], true, false, true],
    // Large A, packed by the threads together; few columns, shared by rows (the output layer at evaluation).
    [[600, 784], [784, 64], false, false, true],
    [[1024, 512], [512, 10], false, false, true]
  ] as [number[], number[], boolean, boolean, boolean][])('match plain TF.js (cpu backend) for %j x %j (transposed %s, %s; A sparse: %s)', (a, b, ta, tb, sparse) => {
    const plain = product('cpu', a, b, ta, tb, sparse)
    const fused = product('wasm', a, b, ta, tb, sparse)
    expect(fused.length).toBe(plain.length)
    let worst = 0
    for (let i = 0; i < plain.length; i++) worst = Math.max(worst, Math.abs(fused[i] - plain[i]) / (1 + Math.abs(plain[i])))
    expect(worst).toBeLessThan(2e-5)
  })

  it('train reproducibly: the same spec gives the same history, and it learns', async () => {
    await tf.setBackend('wasm')
    const first = await trainOnce()
    const second = await trainOnce()
    expect(second).toEqual(first)
    expect(first[1].val_accuracy).toBeGreaterThan(0.6)
  })
})
