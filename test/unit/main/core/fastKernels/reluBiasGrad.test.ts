import type * as tfjs from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { RELU_BIAS_GRAD, registerReluBiasGrad, reluBiasGrad, reluBiasGradPlain } from '../../../../../src/main/core/fastKernels/reluBiasGrad'
import { compileSimdKernels, instantiateSimdKernels } from '../../../../../src/main/core/fastKernels/simdKernels'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { createRng } from '../../../../../src/main/core/util/rng'

const f = Math.fround

/** dy in [-1, 1]; y a ReLU output: a third exact zeros, the rest positive. */
function operands(m: number, n: number, seed: number): { dy: number[]; y: number[] } {
  const rng = createRng(seed)
  const dy = Array.from({ length: m * n }, () => f(rng() * 2 - 1))
  const y = Array.from({ length: m * n }, () => (rng() < 1 / 3 ? 0 : f(rng())))
  return { dy, y }
}

/** The kernel's arithmetic in float32: dz = dy * (y > 0 ? 1 : 0), db = column sums, rows in order. */
function reference(dy: number[], y: number[], m: number, n: number): { dz: number[]; db: number[] } {
  const dz = dy.map((d, i) => f(d * (y[i] > 0 ? 1 : 0)))
  const db = new Array<number>(n).fill(0)
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) db[j] = f(db[j] + dz[i * n + j])
  return { dz, db }
}

// Columns around the four-lane vectors, and the seed network's hidden layers.
const SHAPES: [number, number][] = [[1, 1], [3, 5], [2, 4], [7, 13], [5, 3], [128, 512], [32, 10]]

describe('reluBiasGrad (WebAssembly SIMD)', () => {
  it.each([false, true])('gives the float32 reference exactly, four lanes and remainder (shared heap: %s)', (shared) => {
    const memory = new WebAssembly.Memory(shared ? ({ initial: 64, maximum: 1024, shared: true } as WebAssembly.MemoryDescriptor) : { initial: 64 })
    const kernels = instantiateSimdKernels(memory, compileSimdKernels(memory))
    const floats = new Float32Array(memory.buffer)
    for (const [m, n] of SHAPES) {
      const { dy, y } = operands(m, n, m * 1000 + n)
      // Odd float offsets (tensors need not be 16-byte aligned), db filled with garbage first.
      const [pdy, py, pdz, pdb] = [3, 3 + m * n + 1, 3 + 2 * (m * n + 1), 3 + 3 * (m * n + 1)]
      floats.set(dy, pdy)
      floats.set(y, py)
      floats.fill(-7, pdb, pdb + n)
      kernels.reluBiasGrad(pdy * 4, py * 4, pdz * 4, pdb * 4, m, n)
      const expected = reference(dy, y, m, n)
      expect(Array.from(floats.subarray(pdz, pdz + m * n)), `dz ${m}x${n}`).toEqual(expected.dz)
      expect(Array.from(floats.subarray(pdb, pdb + n)), `db ${m}x${n}`).toEqual(expected.db)
    }
  })
})

describe.each(['wasm', 'cpu'] as const)('the fused ReLU and bias gradient on %s', (backend) => {
  it('gives what TF.js\'s Step, Mul and Sum give, bit for bit, and leaks no tensor', async () => {
    const { tf } = await selectBackend(backend)
    registerReluBiasGrad(tf)
    expect(tf.getKernel(RELU_BIAS_GRAD, backend)).toBeDefined()
    for (const [m, n] of SHAPES) {
      const { dy: dyValues, y: yValues } = operands(m, n, m + n)
      const dy = tf.tensor2d(dyValues, [m, n])
      const y = tf.tensor2d(yValues, [m, n])
      const before = tf.memory().numTensors
      const fused = reluBiasGrad(tf, dy, y)
      const plain = reluBiasGradPlain(tf, dy, y)
      expect(fused.map((t) => t.shape)).toEqual([[m, n], [n]])
      expect(Array.from(fused[0].dataSync()), `dz ${m}x${n}`).toEqual(Array.from(plain[0].dataSync()))
      expect(Array.from(fused[1].dataSync()), `db ${m}x${n}`).toEqual(Array.from(plain[1].dataSync()))
      tf.dispose([...fused, ...plain])
      expect(tf.memory().numTensors).toBe(before)
      tf.dispose([dy, y])
    }
  })

  it('falls back to the plain kernels where the backend has no fused one', async () => {
    const { tf } = await selectBackend(backend)
    const kernel = tf.getKernel(RELU_BIAS_GRAD, backend) as tfjs.KernelConfig
    tf.unregisterKernel(RELU_BIAS_GRAD, backend)
    try {
      const dy = tf.tensor2d([[1, -2], [3, 4]])
      const y = tf.tensor2d([[0, 5], [2, 0]])
      const [dz, db] = reluBiasGrad(tf, dy, y)
      expect(Array.from(dz.dataSync())).toEqual([0, -2, 3, 0])
      expect(Array.from(db.dataSync())).toEqual([3, -2])
      tf.dispose([dy, y, dz, db])
    } finally {
      tf.registerKernel(kernel)
    }
  })
})
