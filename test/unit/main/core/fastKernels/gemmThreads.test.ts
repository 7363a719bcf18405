import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { panelFloats, STRIP } from '../../../../../src/main/core/fastKernels/gemmCode'
import { chunkColumns, chunking, GemmThreads } from '../../../../../src/main/core/fastKernels/gemmThreads'
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
      // Sizes around the chunks and the 8-column strips.
      const m = 1 + Math.floor(rng() * 70)
      const k = 1 + Math.floor(rng() * 90)
      const n = 1 + Math.floor(rng() * 300)
      const a = 64
      const b = a + 4 * m * k
      const packed = b + 4 * k * n
      const single = packed + 4 * (m + 3) * k
      const threaded = single + 4 * m * n
      const panelSize = panelFloats(k, chunking(n, pool.threads).columns)
      const panels = [0, 1, 2].map((t) => threaded + 4 * m * n + t * 4 * panelSize)
      const transposed = round % 2
      fill(a, m * k, 2 * round + 1)
      fill(b, k * n, 2 * round + 2)
      kernels.packA(a, packed, m, k, 0)
      kernels.gemm(packed, b, single, m, k, n, 0, n, panels[2] + 4 * panelSize, transposed)
      pool.gemm(packed, b, threaded, m, k, n, transposed, panels)
      const one = new Float32Array(memory.buffer, single, m * n)
      const many = new Float32Array(memory.buffer, threaded, m * n)
      expect(Buffer.from(many.buffer, threaded, 4 * m * n).equals(Buffer.from(one.buffer, single, 4 * m * n)), `${m}x${k}x${n}`).toBe(true)
    }
  })
})

describe('chunking', () => {
  it('cuts columns into whole strips of at most six, a multiple of the thread count, covering each column once', () => {
    for (const threads of [1, 2, 3, 8]) {
      for (const n of [1, 10, 12, 13, 48, 100, 512, 784]) {
        const { strips, chunks, columns } = chunking(n, threads)
        expect(strips).toBe(Math.ceil(n / STRIP))
        expect(chunks === strips || chunks % threads === 0, `${n} columns, ${threads} threads`).toBe(true)
        let next = 0
        for (let c = 0; c < chunks; c++) {
          const [j0, j1] = chunkColumns(c, chunks, strips, n)
          expect(j0).toBe(next)
          expect(j1 - j0).toBeGreaterThan(0)
          expect(j1 - j0).toBeLessThanOrEqual(Math.min(columns, 48))
          next = j1
        }
        expect(next).toBe(n)
      }
    }
    // The seed network's 512 columns on two threads: 12 chunks of 5 or 6 strips, not 11 of 48 columns and a 32-column one.
    expect(chunking(512, 2)).toEqual({ strips: 64, chunks: 12, columns: 48 })
  })
})
