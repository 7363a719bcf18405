import v8 from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockFor, packedAFloats, panelFloats, type Block } from '../../../../../src/main/core/fastKernels/gemmCode'
import { byRows, chunkColumns, chunking, GemmThreads, panelColumns, productThreads } from '../../../../../src/main/core/fastKernels/gemmThreads'
import { RELAXED_SIMD_FLAG, type KernelVariant } from '../../../../../src/main/core/fastKernels/kernelVariant'
import { compileSimdKernels, instantiateSimdKernels, type SimdKernels } from '../../../../../src/main/core/fastKernels/simdKernels'
import { createRng } from '../../../../../src/main/core/util/rng'

// As in the trainer process on Node 20.
v8.setFlagsFromString(RELAXED_SIMD_FLAG)

const memory = new WebAssembly.Memory({ initial: 256, maximum: 4096, shared: true } as WebAssembly.MemoryDescriptor)
const VARIANTS: KernelVariant[] = ['simd', 'relaxed-simd-fma']
const setups = new Map<KernelVariant, { kernels: SimdKernels; pool: GemmThreads; block: Block }>()

beforeAll(async () => {
  for (const variant of VARIANTS) {
    const module = compileSimdKernels(memory, variant)
    const block = blockFor(variant)
    const kernels = instantiateSimdKernels(memory, module)
    setups.set(variant, { kernels, block, pool: new GemmThreads(module, memory, kernels, 2, block) })
  }
  // Let the helpers start, so that they take part (a helper not started yet simply gets no chunk).
  await new Promise((resolve) => setTimeout(resolve, 300))
})

afterAll(() => {
  for (const { pool } of setups.values()) pool.dispose()
})

/** Random values in [-1, 1), or with `zeros`, that share of them 0 (as after a ReLU). */
function fill(offset: number, count: number, seed: number, zeros = 0): void {
  const rng = createRng(seed)
  const floats = new Float32Array(memory.buffer, offset, count)
  for (let i = 0; i < count; i++) floats[i] = rng() < zeros ? 0 : rng() * 2 - 1
}

/**
 * One product on one thread (packA, then gemm over all columns) and the same through the pool,
 * which packs A itself; true when the two results are the same bits.
 */
function sameAsOneThread(variant: KernelVariant, m: number, k: number, n: number, round: number): boolean {
  const { kernels, pool, block } = setups.get(variant)!
  const a = 64
  const b = a + 4 * m * k
  const packed = b + 4 * k * n
  const single = packed + 4 * packedAFloats(m, k, block)
  const threaded = single + 4 * m * n
  const panelSize = panelFloats(k, panelColumns(n, pool.threads, block.strip), block)
  const panels = [0, 1, 2].map((t) => threaded + 4 * m * n + t * 4 * panelSize)
  const packedByPool = panels[2] + 8 * panelSize
  const [transposedA, transposed] = [(round >> 1) % 2, round % 2]
  // A third of the rounds with A two thirds zeros: blocks compacted by packA on every thread.
  fill(a, m * k, 2 * round + 1, round % 3 === 0 ? 2 / 3 : 0)
  fill(b, k * n, 2 * round + 2)
  kernels.packA(a, packed, m, k, transposedA, 0, Math.ceil(m / block.rows))
  kernels.gemm(packed, b, single, m, k, n, 0, n, panels[2] + 4 * panelSize, transposed)
  pool.gemm(a, transposedA, packedByPool, b, threaded, m, k, n, transposed, panels)
  return Buffer.from(memory.buffer, threaded, 4 * m * n).equals(Buffer.from(memory.buffer, single, 4 * m * n))
}

describe('GemmThreads', () => {
  it.each(VARIANTS)('gives bit-identical products to one thread (%s), for many products in a row', (variant) => {
    expect(setups.get(variant)!.pool.threads).toBe(3)
    const rng = createRng(5)
    for (let round = 0; round < 60; round++) {
      // Sizes around the chunks and the 8-column strips.
      const m = 1 + Math.floor(rng() * 70)
      const k = 1 + Math.floor(rng() * 90)
      const n = 1 + Math.floor(rng() * 300)
      expect(sameAsOneThread(variant, m, k, n, round), `${m}x${k}x${n}`).toBe(true)
    }
  })

  it.each(VARIANTS)('shares a product with too few columns for every thread by rows, with the same products (%s)', (variant) => {
    const { block } = setups.get(variant)!
    // The output layer at evaluation (10 columns), a few strips for three threads, rows ending in partial blocks.
    for (const [round, [m, k, n]] of [[1024, 512, 10], [301, 200, 16], [100, 33, 1], [13, 300, 7], [2, 5, 3]].entries()) {
      expect(byRows(n, 3, block.strip), `${n} columns`).toBe(true)
      expect(sameAsOneThread(variant, m, k, n, round), `${m}x${k}x${n}`).toBe(true)
    }
  })

  it.each(VARIANTS)('packs a large A on all the threads, with the same products (%s)', (variant) => {
    // 2^18 elements of A or more are packed by the threads together; the row counts end in partial blocks.
    for (const [round, [m, k, n]] of [[778, 340, 37], [1025, 256, 13], [700, 400, 50], [2049, 128, 24]].entries()) {
      expect(m * k).toBeGreaterThanOrEqual(1 << 18)
      expect(sameAsOneThread(variant, m, k, n, round), `${m}x${k}x${n}`).toBe(true)
    }
  })
})

describe('chunking', () => {
  it.each([8, 12])('cuts columns into whole %i-column strips, at most 48 columns a chunk, a multiple of the thread count, covering each column once', (strip) => {
    for (const threads of [1, 2, 3, 8]) {
      for (const n of [1, 10, 12, 13, 48, 100, 512, 784]) {
        const { strips, chunks, columns } = chunking(n, threads, strip)
        expect(strips).toBe(Math.ceil(n / strip))
        expect(chunks === strips || chunks % threads === 0, `${n} columns, ${threads} threads`).toBe(true)
        let next = 0
        for (let c = 0; c < chunks; c++) {
          const [j0, j1] = chunkColumns(c, chunks, strips, n, strip)
          expect(j0).toBe(next)
          expect(j0 % strip).toBe(0)
          expect(j1 - j0).toBeGreaterThan(0)
          expect(j1 - j0).toBeLessThanOrEqual(Math.min(columns, 48))
          next = j1
        }
        expect(next).toBe(n)
      }
    }
  })

  it("cuts the seed network's 512 columns on two threads evenly", () => {
    // 12 chunks of 5 or 6 eight-column strips, not 11 of 48 columns and a 32-column one.
    expect(chunking(512, 2, 8)).toEqual({ strips: 64, chunks: 12, columns: 48 })
    // 43 twelve-column strips (the last 8 wide) in 12 chunks of 3 or 4.
    expect(chunking(512, 2, 12)).toEqual({ strips: 43, chunks: 12, columns: 48 })
  })
})

describe('productThreads', () => {
  const [fma, simd] = [blockFor('relaxed-simd-fma'), blockFor('simd')]
  it('spreads large products over every thread, by columns or, with too few columns, by rows, and keeps the rest on the calling thread', () => {
    // The seed network at batch 32: hidden-layer products on both threads, by columns.
    expect(productThreads(32, 784, 512, 2, fma)).toBe(2)
    expect(byRows(512, 2, fma.strip)).toBe(false)
    expect(productThreads(512, 32, 512, 2, simd)).toBe(2)
    // The output layer's 10 columns at batch 512: one 12-column strip, shared by rows; two 8-column ones.
    expect(productThreads(512, 512, 10, 2, fma)).toBe(2)
    expect(byRows(10, 2, fma.strip)).toBe(true)
    expect(productThreads(512, 512, 10, 2, simd)).toBe(2)
    expect(byRows(10, 2, simd.strip)).toBe(false)
    // Too little work to pay for the hand-off, however many columns; rows too few to share.
    expect(productThreads(8, 64, 512, 2, simd)).toBe(1)
    expect(productThreads(32, 784, 512, 1, fma)).toBe(1)
    expect(productThreads(3, 100000, 10, 2, fma)).toBe(1)
  })

  it('sizes the panels for every column when shared by rows, for the widest chunk otherwise', () => {
    expect(panelColumns(10, 2, 12)).toBe(12)
    expect(panelColumns(20, 3, 12)).toBe(24)
    expect(panelColumns(512, 2, 12)).toBe(chunking(512, 2, 12).columns)
  })
})
