import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GemmThreads } from '../../../../../src/main/core/fastKernels/gemmThreads'
import { compileSimdKernels, instantiateSimdKernels, type SimdKernels } from '../../../../../src/main/core/fastKernels/simdKernels'
import { createRng } from '../../../../../src/main/core/util/rng'

const memory = new WebAssembly.Memory({ initial: 256, maximum: 4096, shared: true } as WebAssembly.MemoryDescriptor)
let kernels: SimdKernels
let pool: GemmThreads

beforeAll(async () => {
  const module = compileSimdKernels(memory)
  kernels = instantiateSimdKernels(memory, module)
  pool = new GemmThreads(module, memory, kernels, 2)
  // Let the helpers start, so that they take part (a helper not started yet simply gets no chunk).
  await new Promise((resolve) => setTimeout(resolve, 300))
})

afterAll(() => pool.dispose())

function fill(offset: number, count: number, seed: number): void {
  const rng = createRng(seed)
  const floats = new Float32Array(memory.buffer, offset, count)
  for (let i = 0; i < count; i++) floats[i] = rng() * 2 - 1
}

describe('GemmThreads', () => {
  it('gives bit-identical products to one thread, for many products in a row', () => {
    expect(pool.threads).toBe(3)
    const rng = createRng(5)
    for (let round = 0; round < 60; round++) {
      // Sizes around the 48-column chunks and the 12-column blocks.
      const m = 1 + Math.floor(rng() * 70)
      const k = 1 + Math.floor(rng() * 90)
      const n = 1 + Math.floor(rng() * 300)
      const a = 64
      const b = a + 4 * m * k
      const packed = b + 4 * k * n
      const single = packed + 4 * (m + 3) * k
      const threaded = single + 4 * m * n
      const panels = [0, 1, 2].map((t) => threaded + 4 * m * n + t * 4 * (k * 12 + 48))
      const transposed = round % 2
      fill(a, m * k, 2 * round + 1)
      fill(b, k * n, 2 * round + 2)
      kernels.packA(a, packed, m, k, 0)
      kernels.gemm(packed, b, single, m, k, n, 0, n, panels[0], transposed)
      pool.gemm(packed, b, threaded, m, k, n, transposed, panels)
      const one = new Float32Array(memory.buffer, single, m * n)
      const many = new Float32Array(memory.buffer, threaded, m * n)
      expect(Buffer.from(many.buffer, threaded, 4 * m * n).equals(Buffer.from(one.buffer, single, 4 * m * n)), `${m}x${k}x${n}`).toBe(true)
    }
  })
})
