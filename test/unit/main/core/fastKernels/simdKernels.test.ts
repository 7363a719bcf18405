import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { blockFor, packedAFloats, packedBlockFloats, panelFloats } from '../../../../../src/main/core/fastKernels/gemmCode'
import { RELAXED_SIMD_FLAG, relaxedSimdSupported, type KernelVariant } from '../../../../../src/main/core/fastKernels/kernelVariant'
import { compileSimdKernels, instantiateSimdKernels, type SimdKernels } from '../../../../../src/main/core/fastKernels/simdKernels'
import { createRng } from '../../../../../src/main/core/util/rng'

// Node 20 has relaxed SIMD behind a flag (the trainer is started with it); later runtimes ignore this.
v8.setFlagsFromString(RELAXED_SIMD_FLAG)

const f = Math.fround

/** A heap of its own (plain or shared, like the two tfjs builds) with a bump allocator for float arrays. */
function heap(shared: boolean, variant: KernelVariant = 'simd'): { kernels: SimdKernels; floats: Float32Array; alloc(values: number[] | number): number } {
  const memory = new WebAssembly.Memory(shared ? ({ initial: 64, maximum: 1024, shared: true } as WebAssembly.MemoryDescriptor) : { initial: 64 })
  const kernels = instantiateSimdKernels(memory, compileSimdKernels(memory, variant))
  const floats = new Float32Array(memory.buffer)
  // Start at an odd float offset: tensors need not be 16-byte aligned.
  let next = 3
  return {
    kernels,
    floats,
    alloc(values) {
      const start = next
      const length = typeof values === 'number' ? values : values.length
      if (typeof values !== 'number') floats.set(values, start)
      next += length + 5
      return start * 4
    }
  }
}

function random(count: number, seed: number): number[] {
  const rng = createRng(seed)
  return Array.from({ length: count }, () => f(rng() * 2 - 1))
}

/**
 * The kernel's arithmetic, k in order, operands as stored: c = c + a * b in float32 (simd), or
 * with one rounding (relaxed-simd-fma; a float32 product is exact in a double).
 */
function referenceProduct(a: number[], b: number[], m: number, k: number, n: number, ta: boolean, tb: boolean, variant: KernelVariant = 'simd'): number[] {
  const c = new Array<number>(m * n)
  const step = variant === 'simd' ? (sum: number, x: number, y: number) => f(sum + f(x * y)) : (sum: number, x: number, y: number) => f(sum + x * y)
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0
      for (let p = 0; p < k; p++) sum = step(sum, ta ? a[p * m + i] : a[i * k + p], tb ? b[j * k + p] : b[p * n + j])
      c[i * n + j] = sum
    }
  return c
}

// Rows around the 4-row (simd) and 3-row (FMA) blocks, columns around the 8- and 12-column strips,
// and the network's shapes.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 2], [4, 7, 12], [5, 3, 13], [13, 9, 29], [8, 1, 25], [7, 33, 4], [2, 16, 11], [37, 53, 50], [128, 64, 10],
  [9, 20, 61], [5, 3, 8], [6, 4, 17], [10, 6, 24], [11, 5, 36], [3, 8, 23], [14, 2, 37], [2, 3, 12]
]
const LAYOUTS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]]

describe('relaxed SIMD', () => {
  it('is found in this runtime once the flag is on, as in the trainer process', () => {
    expect(relaxedSimdSupported()).toBe(true)
  })
})

describe.each([false, true])('SIMD kernels (shared heap: %s)', (shared) => {
  /** packA + gemm against the reference for every layout and shape, A's values passed through `shapeA`. */
  function expectReferenceProducts(variant: KernelVariant, shapeA: (values: number[], k: number) => number[]): void {
    const h = heap(shared, variant)
    const block = blockFor(variant)
    for (const [ta, tb] of LAYOUTS) {
      SHAPES.forEach(([m, k, n], s) => {
        const a = shapeA(random(m * k, 2 * s + 1), k)
        const b = random(k * n, 2 * s + 2)
        const [pa, pb, packed, pc, panel] = [h.alloc(a), h.alloc(b), h.alloc(packedAFloats(m, k, block)), h.alloc(m * n), h.alloc(panelFloats(k, n, block))]
        h.kernels.packA(pa, packed, m, k, ta ? 1 : 0, 0, Math.ceil(m / block.rows))
        h.kernels.gemm(packed, pb, pc, m, k, n, 0, n, panel, tb ? 1 : 0)
        const got = Array.from(h.floats.subarray(pc / 4, pc / 4 + m * n))
        expect(got, `${m}x${k}x${n} transposed ${ta} ${tb}`).toEqual(referenceProduct(a, b, m, k, n, ta, tb, variant))
      })
    }
  }

  it.each<KernelVariant>(['simd', 'relaxed-simd-fma'])('packA + gemm (%s) give the float32 products, for every layout, block shape and edge', (variant) => {
    expectReferenceProducts(variant, (values) => values)
  })

  it.each<KernelVariant>(['simd', 'relaxed-simd-fma'])('packA + gemm (%s) give the same products when A is mostly zeros (ReLU outputs, image borders)', (variant) => {
    // Two thirds of A zero, -0 among them, and every third column of A zero throughout.
    expectReferenceProducts(variant, (values, k) => values.map((v, q) => ((q % k) % 3 === 1 || v < 0.3 ? (v < -0.5 ? -0 : 0) : v)))
  })

  it('the FMA variant rounds once per step: it differs from the plain one, by float32 rounding only', () => {
    const [m, k, n] = [37, 53, 50]
    const a = random(m * k, 11)
    const b = random(k * n, 12)
    const got = (['simd', 'relaxed-simd-fma'] as const).map((variant) => {
      const h = heap(shared, variant)
      const block = blockFor(variant)
      const [pa, pb, packed, pc, panel] = [h.alloc(a), h.alloc(b), h.alloc(packedAFloats(m, k, block)), h.alloc(m * n), h.alloc(panelFloats(k, n, block))]
      h.kernels.packA(pa, packed, m, k, 0, 0, Math.ceil(m / blockFor(variant).rows))
      h.kernels.gemm(packed, pb, pc, m, k, n, 0, n, panel, 0)
      return Array.from(h.floats.subarray(pc / 4, pc / 4 + m * n))
    })
    expect(got[1]).not.toEqual(got[0])
    got[0].forEach((plain, i) => expect(Math.abs(got[1][i] - plain)).toBeLessThan(1e-5))
  })

  it.each<KernelVariant>(['simd', 'relaxed-simd-fma'])('gemm (%s) writes only the asked columns j0..j1', (variant) => {
    const h = heap(shared, variant)
    const block = blockFor(variant)
    const [m, k, n] = [7, 10, 40]
    const a = random(m * k, 7)
    const b = random(k * n, 8)
    const [pa, pb, packed, pc, panel] = [h.alloc(a), h.alloc(b), h.alloc(packedAFloats(m, k, block)), h.alloc(new Array(m * n).fill(-9)), h.alloc(panelFloats(k, 31 - 13, block))]
    h.kernels.packA(pa, packed, m, k, 0, 0, Math.ceil(m / blockFor(variant).rows))
    h.kernels.gemm(packed, pb, pc, m, k, n, 13, 31, panel, 0)
    const expected = referenceProduct(a, b, m, k, n, false, false, variant)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        expect(h.floats[pc / 4 + i * n + j]).toBe(j >= 13 && j < 31 ? expected[i * n + j] : -9)
      }
  })

  it.each<KernelVariant>(['simd', 'relaxed-simd-fma'])('packA (%s) lays rows out in blocks of the variant\'s rows along k, either layout, zero past the last row, all-zero columns left out where they are an eighth or more', (variant) => {
    const h = heap(shared, variant)
    const { rows, strip } = blockFor(variant)
    // Whole blocks take the copy without per-element checks, the last partial block the checked one.
    const [m, k] = [3 * rows + 1, 9]
    const a = random(m * k, 9)
    // Column 1 is zero in every row (one of them -0), column 3 in the first block only: the first
    // block is compacted (2 of 9 columns zero), the others keep their 9 entries (1 of 9 is under an eighth).
    for (let i = 0; i < m; i++) a[i * k + 1] = i === 1 ? -0 : 0
    for (let i = 0; i < rows; i++) a[i * k + 3] = 0
    const words = new Int32Array(h.floats.buffer)
    for (const transposed of [0, 1]) {
      const source = transposed ? Array.from({ length: k * m }, (_, q) => a[(q % m) * k + Math.floor(q / m)]) : a
      const [pa, packed] = [h.alloc(source), h.alloc(packedAFloats(m, k, blockFor(variant)))]
      h.kernels.packA(pa, packed, m, k, transposed, 0, Math.ceil(m / blockFor(variant).rows))
      for (let block = 0; block < Math.ceil(m / rows); block++) {
        const start = packed / 4 + block * packedBlockFloats(k, rows)
        const kept = block === 0 ? [0, 2, 4, 5, 6, 7, 8] : [0, 1, 2, 3, 4, 5, 6, 7, 8]
        expect(words[start], `block ${block} entries, transposed ${transposed}`).toBe(kept.length)
        kept.forEach((p, entry) => {
          const at = start + 1 + entry * (rows + 1)
          expect(words[at + rows], `block ${block} entry ${entry}: column offset`).toBe(p * strip * 4)
          for (let r = 0; r < rows; r++) {
            const i = rows * block + r
            expect(h.floats[at + r], `row ${i}, column ${p}, transposed ${transposed}`).toBe(i < m ? a[i * k + p] : 0)
          }
        })
      }
    }
  })

  it.each<KernelVariant>(['simd', 'relaxed-simd-fma'])('packA (%s) of a range of blocks writes those blocks only, as packing the whole would', (variant) => {
    const h = heap(shared, variant)
    const { rows } = blockFor(variant)
    const [m, k] = [5 * rows + 2, 16]
    const a = random(m * k, 4).map((v) => (v < 0 ? 0 : v))
    const size = packedAFloats(m, k, blockFor(variant))
    const [pa, whole, parts] = [h.alloc(a), h.alloc(size), h.alloc(new Array(size).fill(-7))]
    h.kernels.packA(pa, whole, m, k, 0, 0, 6)
    h.kernels.packA(pa, parts, m, k, 0, 4, 6)
    const stride = packedBlockFloats(k, rows)
    // Blocks 0-3 untouched, 4 and the partial block 5 as in the whole.
    expect(Array.from(h.floats.subarray(parts / 4, parts / 4 + 4 * stride)).every((v) => v === -7)).toBe(true)
    h.kernels.packA(pa, parts, m, k, 0, 0, 4)
    const words = (at: number) => Array.from(new Int32Array(h.floats.buffer, at, size))
    expect(words(parts)).toEqual(words(whole))
  })

  it('imagePixels widens bytes to the floats of the JavaScript path (times 1/255 in a double, then float32), or to the bytes\' values, sixteen at a time and in the tail', () => {
    const h = heap(shared)
    const n = 256 + 7
    const source = Array.from({ length: n }, (_, i) => (i * 101) % 256)
    const words = Array.from({ length: Math.ceil(n / 4) }, (_, w) => source.slice(4 * w, 4 * w + 4).reduce((sum, byte, b) => sum + byte * 2 ** (8 * b), 0) | 0)
    const src = h.alloc(new Array(words.length).fill(0))
    new Int32Array(h.floats.buffer, src, words.length).set(words)
    for (const divide of [1, 0]) {
      const dst = h.alloc(n)
      h.kernels.imagePixels(src, dst, n, divide)
      const expected = source.map((v) => f(v * (divide ? 1 / 255 : 1)))
      expect(Array.from(h.floats.subarray(dst / 4, dst / 4 + n))).toEqual(expected)
    }
  })

  it('rmsprop gives the plain kernels\' numbers, four at a time and in the remainder', () => {
    const h = heap(shared)
    const n = 23
    const w = random(n, 1)
    const ms = random(n, 2).map((v) => f(Math.abs(v) * 0.01))
    const g = random(n, 3).map((v) => f(v * 0.1))
    const [pw, pms, pg, pwo, pmso] = [h.alloc(w), h.alloc(ms), h.alloc(g), h.alloc(n), h.alloc(n)]
    const [rate, rho, epsilon] = [0.001, 0.9, 1e-7]
    h.kernels.rmsprop(pw, pms, pg, pwo, pmso, n, rate, rho, 1 - rho, epsilon)
    for (let i = 0; i < n; i++) {
      const next = f(f(ms[i] * f(rho)) + f(f(g[i] * g[i]) * f(1 - rho)))
      const weight = f(w[i] - f(f(g[i] * f(1 / f(Math.sqrt(f(next + f(epsilon)))))) * f(rate)))
      expect(h.floats[pmso / 4 + i]).toBe(next)
      expect(h.floats[pwo / 4 + i]).toBe(weight)
    }
  })
})
