import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../../src/shared/presets'
import type { ModelSpec } from '../../../../../src/shared/spec'
import { createModel } from '../../../../../src/main/core/training/model'
import { trainModel } from '../../../../../src/main/core/training/train'
import { registerRmspropUpdate } from '../../../../../src/main/core/fastKernels/rmspropUpdate'
import { hasWasmMatmulFix, installWasmMatmulFix } from '../../../../../src/main/core/fastKernels/wasmMatmul'
import { createRng } from '../../../../../src/main/core/util/rng'

type Case = { name: string; a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }

// Shapes of the dense-layer products, small enough to keep the test quick, plus batched ones.
const CASES: Case[] = [
  { name: 'plain', a: [32, 96], b: [96, 48], transposeA: false, transposeB: false },
  { name: 'transposeA (weight gradient)', a: [32, 96], b: [32, 48], transposeA: true, transposeB: false },
  { name: 'transposeB (input gradient)', a: [32, 48], b: [96, 48], transposeA: false, transposeB: true },
  { name: 'both', a: [96, 32], b: [48, 96], transposeA: true, transposeB: true },
  { name: 'odd sizes, plain', a: [37, 53], b: [53, 29], transposeA: false, transposeB: false },
  { name: 'odd sizes, transposeB', a: [37, 53], b: [29, 53], transposeA: false, transposeB: true },
  { name: 'batch dimension of 1, transposeA', a: [1, 40, 24], b: [1, 40, 16], transposeA: true, transposeB: false },
  { name: 'batched 3D, transposeA', a: [3, 40, 24], b: [3, 40, 16], transposeA: true, transposeB: false },
  { name: 'batched 3D, both', a: [3, 24, 40], b: [3, 16, 24], transposeA: true, transposeB: true },
  { name: 'batched 3D broadcast, transposeB', a: [3, 40, 24], b: [1, 16, 24], transposeA: false, transposeB: true }
]

function largestDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]))
  return worst
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed)
  const size = shape.reduce((a, b) => a * b, 1)
  return tf.tensor(Float32Array.from({ length: size }, () => rng() * 2 - 1), shape)
}

function products(): Float32Array[] {
  return CASES.map((c, i) =>
    tf.tidy(() => tf.matMul(randomTensor(c.a, 2 * i + 1), randomTensor(c.b, 2 * i + 2), c.transposeA, c.transposeB).dataSync() as Float32Array)
  )
}

type FusedCase = { name: string; a: number[]; b: number[]; transposeB: boolean; bias: boolean; activation: 'linear' | 'relu' | 'elu' }

// Dense layers at inference (bias, ReLU or none), with the edges of the 4-column epilogue, and one the SIMD path leaves to XNNPACK.
const FUSED_CASES: FusedCase[] = [
  { name: 'hidden layer, ReLU', a: [64, 96], b: [96, 48], transposeB: false, bias: true, activation: 'relu' },
  { name: 'last layer, 10 columns, linear', a: [37, 53], b: [53, 10], transposeB: false, bias: true, activation: 'linear' },
  { name: 'ReLU without bias, 7 columns, transposeB', a: [5, 9], b: [7, 9], transposeB: true, bias: false, activation: 'relu' },
  { name: 'elu (kept on XNNPACK)', a: [8, 16], b: [16, 12], transposeB: false, bias: true, activation: 'elu' }
]

function fusedProducts(): Float32Array[] {
  return FUSED_CASES.map((c, i) =>
    tf.tidy(() => {
      const n = c.transposeB ? c.b[0] : c.b[1]
      const bias = c.bias ? randomTensor([n], 3 * i + 3) : undefined
      return tf.fused.matMul({ a: randomTensor(c.a, 3 * i + 1), b: randomTensor(c.b, 3 * i + 2), transposeB: c.transposeB, bias, activation: c.activation }).dataSync() as Float32Array
    })
  )
}

/** The seed network (784-512-512-10, RMSprop, batch 128), one epoch, no validation. */
const SPEC: ModelSpec = { ...structuredClone(PRESETS.seed[0]), name: 'timing', epochs: 1, validationSplit: 0, seed: 7 }

async function msPerStep(steps: number): Promise<number> {
  const rng = createRng(3)
  const count = 128 * steps
  const train = {
    count,
    images: Uint8Array.from({ length: count * 784 }, () => Math.floor(rng() * 256)),
    labels: Uint8Array.from({ length: count }, () => Math.floor(rng() * 10))
  }
  const { model, regularized } = createModel(tf, SPEC)
  try {
    return (await trainModel({ tf, model, regularized, spec: SPEC, train, validation: null })).msPerStep
  } finally {
    model.dispose()
  }
}

describe('installWasmMatmulFix', () => {
  let unpatched: Float32Array[]
  let unpatchedFused: Float32Array[]
  let unpatchedMs: number

  beforeAll(async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
    setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep)
    expect(await tf.setBackend('wasm')).toBe(true)
    // The fused optimizer update in both timings, as installFastKernels gives the trainer, so
    // they differ in the products alone.
    registerRmspropUpdate(tf)
    expect(hasWasmMatmulFix(tf)).toBe(false)
    unpatched = products()
    unpatchedFused = fusedProducts()
    unpatchedMs = await msPerStep(4)
  })

  it('gives the same products as the unpatched kernel for every transpose combination', () => {
    expect(installWasmMatmulFix(tf)).toBe(true)
    expect(hasWasmMatmulFix(tf)).toBe(true)
    const patched = products()
    CASES.forEach((c, i) => {
      expect(patched[i].length, c.name).toBe(unpatched[i].length)
      expect(largestDifference(patched[i], unpatched[i]), c.name).toBeLessThanOrEqual(1e-5)
    })
  })

  it('gives the same fused dense-layer products (bias, ReLU) as the unpatched kernel', () => {
    const patched = fusedProducts()
    FUSED_CASES.forEach((c, i) => {
      expect(patched[i].length, c.name).toBe(unpatchedFused[i].length)
      expect(largestDifference(patched[i], unpatchedFused[i]), c.name).toBeLessThanOrEqual(1e-5)
      if (c.activation === 'relu') expect(Math.min(...patched[i]), c.name).toBe(0)
    })
  })

  it('is idempotent and frees its transposed copies', () => {
    const kernel = tf.getKernel('BatchMatMul', 'wasm')
    expect(installWasmMatmulFix(tf)).toBe(true)
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(kernel)

    const a = randomTensor([16, 8], 1)
    const b = randomTensor([16, 4], 2)
    const before = tf.engine().backend.numDataIds()
    tf.matMul(a, b, true, false).dispose()
    tf.matMul(b, a, true, false).dispose()
    expect(tf.engine().backend.numDataIds()).toBe(before)
    tf.dispose([a, b])
  })

  it('speeds up a 784-512-512-10 RMSprop training step (reported, not asserted)', async () => {
    const patchedMs = await msPerStep(12)
    console.log(`wasm ms per 128-sample step: ${unpatchedMs.toFixed(1)} before the fix, ${patchedMs.toFixed(1)} after`)
    expect(patchedMs).toBeGreaterThan(0)
  })
})
