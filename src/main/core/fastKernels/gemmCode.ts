/**
 * WebAssembly SIMD code for the matrix products of training, written for operands that change at
 * every step. XNNPACK (behind TF.js's wasm kernel) repacks the right operand whenever its tensor is
 * new, which in training is every product, and its transposed products are much slower; here both
 * operands are repacked with cheap copies that also absorb any transposition.
 *
 * Each variant has its register block (`blockFor`): R rows of A by S columns of B (4x8 for plain
 * SIMD, 3x12 with FMA).
 *
 *   packA(a, dst, M, K, transposed, b0, b1): copies blocks b0..b1-1 of A [M,K] (or, transposed,
 *   A^T stored as [K,M]) into blocks of R rows, zero rows past M. A block is its count of
 *   entries, then one entry per column k: the R elements, then k's byte offset in a strip of B.
 *   When at least an eighth of a block's columns are all zeros they are left out (the count is
 *   then below K): the pixels at an image's border, the units a ReLU switched off and their
 *   gradients are a quarter to two fifths of these networks' products. Blocks start 1 + K (R + 1)
 *   floats apart, so threads can pack different blocks at once. Done once per product.
 *   gemm(pa, b, c, M, K, N, j0, j1, panel, transposed): C[M,N] columns j0..j1 = A * B, with A
 *   packed by packA and B [K,N] (or, transposed, B^T stored as [N,K]). `panel` is scratch for
 *   K * S * strips + R * S floats, strips = ceil((j1 - j0) / S): every S-column strip of B in
 *   j0..j1 is copied there first (zero columns past j1); then each block of R rows of A, while it
 *   sits in the L1 cache, meets every strip (in the L2 cache). So A is read once per call, not once
 *   per strip: at batch 512 packed A (1.6 MB) no longer fits the L2 cache, and re-reading it for
 *   every strip made two threads slower than one. Operands read in place from rows 2 KiB apart
 *   would fall into a few cache sets and be evicted before being reused, hence the copies.
 *
 * Every element of C is summed as c = c + a * b for k = 0..K-1 in order, in float32, whatever the
 * block it falls in, so results do not depend on block sizes or on how columns are split. The
 * 'relaxed-simd-fma' variant does each step as one fused multiply-add (one rounding instead of
 * two); 'simd' as a multiply then an add, TF.js's own arithmetic.
 */
import type { KernelVariant } from './kernelVariant'
import { I, ifElse, whileLoop, type Code, type FunctionDef, type ValType } from './wasmEmit'

/** A register block: `rows` of A (a block of packed A) by `strip` columns of B (a strip of the panel). */
export interface Block {
  rows: number
  strip: number
}

/**
 * The block each variant computes in registers; V8 gives wasm 15 vector registers on x64 (one is
 * its scratch). Plain SIMD: 4x8, 8 accumulators, 2 vectors of B, the broadcast element of A and a
 * product: 12. FMA needs no product register, so 3x12 fits too: 9 accumulators, 3 vectors of B
 * and the broadcast: 13, and a third more multiply-adds per load of B. Measured (minimum of 150
 * products of 128x784x512 on one core, docs/performance.md §8): 4x8 about 45 GFLOP/s with either
 * variant, 3x12 with FMA 46-51, 3x12 without FMA 15-20 (it spills), 4x12 25 (17 registers).
 */
export function blockFor(variant: KernelVariant): Block {
  return variant === 'relaxed-simd-fma' ? { rows: 3, strip: 12 } : { rows: 4, strip: 8 }
}

class Locals {
  readonly types: ValType[] = []
  constructor(private readonly params: number) {}
  add(type: ValType, count = 1): number[] {
    const first = this.params + this.types.length
    for (let n = 0; n < count; n++) this.types.push(type)
    return Array.from({ length: count }, (_, n) => first + n)
  }
}

const add = (local: number, amount: Code[]): Code[] => [I.get(local), ...amount, I.i32Add, I.set(local)]
const inc = (local: number): Code[] => add(local, [I.i32(1)])
/** Byte address `base + (index expression) * 4`. */
const floatAt = (base: number, index: Code[]): Code[] => [I.get(base), ...index, I.i32(2), I.i32Shl, I.i32Add]
const mul = (a: number, b: number): Code[] => [I.get(a), I.get(b), I.i32Mul]

export function packAFunction(block: Block): FunctionDef {
  const { rows: ROWS, strip: STRIP } = block
  const [src, dst, M, K, transposed, firstBlock, endBlock] = [0, 1, 2, 3, 4, 5, 6]
  const locals = new Locals(7)
  const [blockIndex, k, r, i, out, p, step, head, count, stride, value, bits] = locals.add('i32', 12)
  const strides = locals.add('i32', ROWS)
  const [vector] = locals.add('v128', 1)

  /**
   * 1 if the entry at `at` has a non-zero element, else 0, without a branch: its R elements as
   * one vector (the lane after them masked off for R = 3), each shifted left by one so that -0,
   * which adds nothing to a sum either, counts as zero.
   */
  const nonzero = (at: number): Code[] => [
    I.get(at),
    I.v128Load(),
    ...(ROWS === 3 ? [I.v128Const([...Array(12).fill(0xff), 0, 0, 0, 0]), I.v128And] : []),
    I.i32(1),
    I.i32x4Shl,
    I.v128AnyTrue
  ]
  /**
   * After the R elements just copied to `out`: their column's byte offset in a strip of B, and
   * `count` counts the entry if `isNonzero` (an i32, 0 or 1) says so. The whole blocks pass the
   * bits they copied: reading the entry back as a vector right after storing it stalls the CPU.
   */
  const finishEntry = (column: Code[], isNonzero: Code[] = nonzero(out)): Code[] => [
    ...isNonzero, I.get(count), I.i32Add, I.set(count),
    I.get(out), ...column, I.i32(4 * STRIP), I.i32Mul, I.i32Store(4 * ROWS),
    ...add(out, [I.i32(4 * (ROWS + 1))])
  ]
  /**
   * When at least an eighth of the block's entries are zero, moves the others to the front (in
   * order) and records their count; else the count stays K and gemm takes its dense loop, with
   * no per-entry offsets to follow. A zero adds nothing to a sum, so leaving them out changes no
   * result. Every entry is copied and the destination moves on only past a non-zero one: no
   * branch to mispredict on the pattern of zeros.
   */
  const compact: Code[] = ifElse(
    [I.get(K), I.get(count), I.i32Sub, I.i32(3), I.i32Shl, I.get(K), I.i32GeU],
    [
      I.get(head), I.i32(4), I.i32Add, I.set(p),
      I.get(p), I.set(out),
      I.get(K),
      I.set(k),
      ...whileLoop([I.get(k)], [
        I.get(out), I.get(p), I.v128Load(), I.v128Store(),
        ...(ROWS === 4 ? [I.get(out), I.get(p), I.i32Load(16), I.i32Store(16)] : []),
        I.get(out), I.i32(4 * (ROWS + 1)), I.i32(0), ...nonzero(p), I.select, I.i32Add, I.set(out),
        ...add(p, [I.i32(4 * (ROWS + 1))]),
        I.get(k), I.i32(1), I.i32Sub, I.set(k)
      ])
    ],
    [I.get(K), I.set(count)]
  )
  /** Stores the R loaded elements (each given as code leaving its bits) at `out`, OR-ing their bits into `bits`. */
  const copyBits = (loads: Code[][]): Code[] => [
    I.i32(0),
    I.set(bits),
    ...loads.flatMap((load, n) => [...load, I.set(value), I.get(out), I.get(value), I.i32Store(4 * n), I.get(bits), I.get(value), I.i32Or, I.set(bits)])
  ]
  /** 1 if the bits copied had one set besides a sign bit, else 0. */
  const orBits: Code[] = [I.get(bits), I.i32(1), I.i32Shl, I.i32(0), I.i32Ne]
  /** The column of the whole-block loops, which count k down from K. */
  const downColumn: Code[] = [I.get(K), I.get(k), I.i32Sub]

  // Whole blocks (rows ROWS * block .. + ROWS - 1 all below M), element bits copied without
  // per-element branches: most products are packed by the calling thread before the helpers start.
  /** A^T stored as [K,M]: row k holds the block's ROWS elements side by side, M floats apart. */
  const wholeTransposed: Code[] = [
    ...floatAt(src, [I.get(blockIndex), I.i32(ROWS), I.i32Mul]),
    I.set(p),
    I.get(M), I.i32(2), I.i32Shl, I.set(step),
    I.get(K),
    I.set(k),
    ...whileLoop([I.get(k)], [
      ...(ROWS === 4
        ? [I.get(p), I.v128Load(), I.set(vector), I.get(out), I.get(vector), I.v128Store(), ...finishEntry(downColumn, [I.get(vector), I.i32(1), I.i32x4Shl, I.v128AnyTrue])]
        : [...copyBits(Array.from({ length: ROWS }, (_, n) => [I.get(p), I.i32Load(4 * n)])), ...finishEntry(downColumn, orBits)]),
      ...add(p, [I.get(step)]),
      I.get(k), I.i32(1), I.i32Sub, I.set(k)
    ])
  ]
  /** A stored as [M,K]: the block's rows are K floats apart; strides[n] = n rows in bytes. */
  const wholePlain: Code[] = [
    ...floatAt(src, [I.get(blockIndex), I.i32(ROWS), I.i32Mul, I.get(K), I.i32Mul]),
    I.set(p),
    ...strides.flatMap((s, n) => [I.get(K), I.i32(4 * n), I.i32Mul, I.set(s)]),
    I.get(K),
    I.set(k),
    ...whileLoop([I.get(k)], [
      ...copyBits(strides.map((s) => [I.get(p), I.get(s), I.i32Add, I.i32Load()])),
      ...finishEntry(downColumn, orBits),
      ...add(p, [I.i32(4)]),
      I.get(k), I.i32(1), I.i32Sub, I.set(k)
    ])
  ]

  // The last, partial block: element r of the entry = row i = ROWS * block + r of A at column k,
  // or 0 past the last row.
  const element: Code[] = ifElse(
    [I.get(i), I.get(M), I.i32LtU],
    [
      ...ifElse(
        [I.get(transposed)],
        [I.get(out), I.get(r), I.i32(2), I.i32Shl, I.i32Add, ...floatAt(src, [...mul(k, M), I.get(i), I.i32Add]), I.f32Load(), I.f32Store()],
        [I.get(out), I.get(r), I.i32(2), I.i32Shl, I.i32Add, ...floatAt(src, [...mul(i, K), I.get(k), I.i32Add]), I.f32Load(), I.f32Store()]
      )
    ],
    [I.get(out), I.get(r), I.i32(2), I.i32Shl, I.i32Add, I.f32(0), I.f32Store()]
  )
  const partial: Code[] = [
    I.i32(0),
    I.set(k),
    ...whileLoop([I.get(k), I.get(K), I.i32LtU], [
      I.i32(0),
      I.set(r),
      ...whileLoop([I.get(r), I.i32(ROWS), I.i32LtU], [
        I.get(blockIndex), I.i32(ROWS), I.i32Mul, I.get(r), I.i32Add, I.set(i),
        ...element,
        ...inc(r)
      ]),
      ...finishEntry([I.get(k)]),
      ...inc(k)
    ])
  ]
  /** Each block starts `stride` bytes after the previous one with its count of entries. */
  const inBlock = (body: Code[]): Code[] => [
    I.get(dst), I.get(blockIndex), I.get(stride), I.i32Mul, I.i32Add, I.set(head),
    I.get(head), I.i32(4), I.i32Add, I.set(out),
    I.i32(0), I.set(count),
    ...body,
    ...compact,
    I.get(head), I.get(count), I.i32Store(),
    ...inc(blockIndex)
  ]
  return {
    name: 'packA',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: locals.types,
    body: [
      I.get(K), I.i32(ROWS + 1), I.i32Mul, I.i32(1), I.i32Add, I.i32(2), I.i32Shl, I.set(stride),
      I.get(firstBlock), I.set(blockIndex),
      // while (block < endBlock && ROWS * block + ROWS <= M)
      ...whileLoop(
        [I.get(blockIndex), I.get(endBlock), I.i32LtU, I.get(M), I.get(blockIndex), I.i32(ROWS), I.i32Mul, I.i32(ROWS), I.i32Add, I.i32GeU, I.i32And],
        inBlock(ifElse([I.get(transposed)], wholeTransposed, wholePlain))
      ),
      ...ifElse([I.get(blockIndex), I.get(endBlock), I.i32LtU, I.get(blockIndex), I.i32(ROWS), I.i32Mul, I.get(M), I.i32LtU, I.i32And], inBlock(partial), [])
    ]
  }
}

export function gemmFunction(variant: KernelVariant): FunctionDef {
  const { rows: ROWS, strip: STRIP } = blockFor(variant)
  const [pa, b, c, M, K, N, j0, j1, panel, transposed] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
  const locals = new Locals(10)
  const [j, i, k, col, row, cols, rows, pA, pB, from, temp, strip, pBlock, blockBytes] = locals.add('i32', 14)
  const acc = locals.add('v128', ROWS * (STRIP / 4))
  const vb = locals.add('v128', STRIP / 4)
  const [vs] = locals.add('v128', 1)

  /** cols = min(STRIP, j1 - j) */
  const stripWidth: Code[] = [
    I.get(j1), I.get(j), I.i32Sub, I.set(cols),
    ...ifElse([I.get(cols), I.i32(STRIP), I.i32GtU], [I.i32(STRIP), I.set(cols)], [])
  ]
  // B[k, j + col] lives at k * N + j + col, or transposed at (j + col) * K + k; copied as raw bits.
  const bElement: Code[] = ifElse(
    [I.get(transposed)],
    [...floatAt(b, [I.get(j), I.get(col), I.i32Add, I.get(K), I.i32Mul, I.get(k), I.i32Add]), I.i32Load(), I.set(from)],
    [...floatAt(b, [...mul(k, N), I.get(j), I.i32Add, I.get(col), I.i32Add]), I.i32Load(), I.set(from)]
  )
  /** Copies the strip of B at column j (cols wide) to pB, K rows of STRIP floats, and leaves pB after it. */
  const packStrip: Code[] = [
    I.i32(0),
    I.set(k),
    ...whileLoop([I.get(k), I.get(K), I.i32LtU], [
      ...ifElse(
        // A full strip of a plain B: two vector copies.
        [I.get(cols), I.i32(STRIP), I.i32Eq, I.get(transposed), I.i32Eqz, I.i32And],
        Array.from({ length: STRIP / 4 }, (_, v) => [
          I.get(pB),
          ...floatAt(b, [...mul(k, N), I.get(j), I.i32Add]),
          I.v128Load(16 * v),
          I.v128Store(16 * v)
        ]).flat(),
        [
          I.i32(0),
          I.set(col),
          ...whileLoop([I.get(col), I.i32(STRIP), I.i32LtU], [
            ...ifElse(
              [I.get(col), I.get(cols), I.i32LtU],
              [...bElement, I.get(pB), I.get(col), I.i32(2), I.i32Shl, I.i32Add, I.get(from), I.i32Store()],
              [I.get(pB), I.get(col), I.i32(2), I.i32Shl, I.i32Add, I.i32(0), I.i32Store()]
            ),
            ...inc(col)
          ])
        ]
      ),
      ...add(pB, [I.i32(4 * STRIP)]),
      ...inc(k)
    ])
  ]

  /** acc += vs * v: fused, or a multiply then an add. */
  const multiplyAdd = (a: number, v: number): Code[] =>
    variant === 'relaxed-simd-fma'
      ? [I.get(vs), I.get(v), I.get(a), I.f32x4RelaxedMadd, I.set(a)]
      : [I.get(a), I.get(vs), I.get(v), I.f32x4Mul, I.f32x4Add, I.set(a)]
  /** One step of k: the strip's row at pB times the entry's R elements at pA, into the accumulators. */
  const step: Code[] = [
    ...vb.flatMap((v, n) => [I.get(pB), I.v128Load(16 * n), I.set(v)]),
    ...Array.from({ length: ROWS }, (_, r) => [
      I.get(pA),
      I.v128Load32Splat(4 * r),
      I.set(vs),
      ...vb.flatMap((v, n) => multiplyAdd(acc[r * vb.length + n], v))
    ]).flat(),
    ...add(pA, [I.i32(4 * (ROWS + 1))]),
    I.get(k),
    I.i32(1),
    I.i32Sub,
    I.set(k)
  ]
  /**
   * The ROWS x STRIP block of C at rows i.., columns j..: the block of A at pBlock times the strip
   * at `strip`. A block with all K entries walks the strip row by row; a compacted one (packA)
   * goes to the row each entry names.
   */
  const microKernel: Code[] = [
    ...acc.flatMap((a) => [I.f32(0), I.f32x4Splat, I.set(a)]),
    I.get(pBlock), I.i32Load(), I.set(k),
    I.get(pBlock), I.i32(4), I.i32Add, I.set(pA),
    ...ifElse(
      [I.get(k), I.get(K), I.i32Eq],
      [I.get(strip), I.set(pB), ...whileLoop([I.get(k)], [...step, ...add(pB, [I.i32(4 * STRIP)])])],
      whileLoop([I.get(k)], [I.get(strip), I.get(pA), I.i32Load(4 * ROWS), I.i32Add, I.set(pB), ...step])
    )
  ]

  /** Address of C[i + r, j] plus `col` floats. */
  const cAddress = (r: Code[], column: Code[]): Code[] => floatAt(c, [I.get(i), ...r, I.i32Add, I.get(N), I.i32Mul, I.get(j), I.i32Add, ...column, I.i32Add])
  // The whole block, or (at the edges) only its rows < rows and columns < cols via the
  // ROWS x STRIP-float scratch `temp` after the strips.
  const store: Code[] = ifElse(
    [I.get(rows), I.i32(ROWS), I.i32Eq, I.get(cols), I.i32(STRIP), I.i32Eq, I.i32And],
    acc.map((a, n) => [...cAddress([I.i32(Math.floor(n / vb.length))], [I.i32(4 * (n % vb.length))]), I.get(a), I.v128Store()]).flat(),
    [
      ...acc.flatMap((a, n) => [I.get(temp), I.get(a), I.v128Store(16 * n)]),
      I.i32(0),
      I.set(row),
      ...whileLoop([I.get(row), I.get(rows), I.i32LtU], [
        I.i32(0),
        I.set(col),
        ...whileLoop([I.get(col), I.get(cols), I.i32LtU], [
          ...cAddress([I.get(row)], [I.get(col)]),
          ...floatAt(temp, [I.get(row), I.i32(STRIP), I.i32Mul, I.get(col), I.i32Add]),
          I.f32Load(),
          I.f32Store(),
          ...inc(col)
        ]),
        ...inc(row)
      ])
    ]
  )

  return {
    name: 'gemm',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: locals.types,
    body: [
      // Every strip of j0..j1 into the panel, one after another; the store scratch follows them.
      I.get(panel),
      I.set(pB),
      I.get(j0),
      I.set(j),
      ...whileLoop([I.get(j), I.get(j1), I.i32LtU], [...stripWidth, ...packStrip, ...add(j, [I.i32(STRIP)])]),
      I.get(pB),
      I.set(temp),
      // Each block of ROWS rows of A against every strip.
      I.get(pa), I.set(pBlock),
      I.get(K), I.i32(ROWS + 1), I.i32Mul, I.i32(1), I.i32Add, I.i32(2), I.i32Shl, I.set(blockBytes),
      I.i32(0),
      I.set(i),
      ...whileLoop([I.get(i), I.get(M), I.i32LtU], [
        // rows = min(ROWS, M - i)
        I.get(M), I.get(i), I.i32Sub, I.set(rows),
        ...ifElse([I.get(rows), I.i32(ROWS), I.i32GtU], [I.i32(ROWS), I.set(rows)], []),
        I.get(panel),
        I.set(strip),
        I.get(j0),
        I.set(j),
        ...whileLoop([I.get(j), I.get(j1), I.i32LtU], [
          ...stripWidth,
          ...microKernel,
          ...store,
          ...add(strip, [I.get(K), I.i32(4 * STRIP), I.i32Mul]),
          ...add(j, [I.i32(STRIP)])
        ]),
        ...add(pBlock, [I.get(blockBytes)]),
        ...add(i, [I.i32(ROWS)])
      ])
    ]
  }
}

/** Floats of scratch a gemm call over `columns` columns needs as its panel (strips of B, then the store scratch). */
export function panelFloats(k: number, columns: number, block: Block): number {
  return k * block.strip * Math.ceil(columns / block.strip) + block.rows * block.strip
}

/** Floats from one block of packed A to the next: its count and room for K entries of R elements and an offset. */
export function packedBlockFloats(k: number, rows: number): number {
  return 1 + k * (rows + 1)
}

/** Floats packA may write for an M x K operand: one packed block per block of rows. */
export function packedAFloats(m: number, k: number, block: Block): number {
  return Math.ceil(m / block.rows) * packedBlockFloats(k, block.rows)
}
