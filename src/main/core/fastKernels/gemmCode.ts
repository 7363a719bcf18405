/**
 * WebAssembly SIMD code for the matrix products of training, written for operands that change at
 * every step. XNNPACK (behind TF.js's wasm kernel) repacks the right operand whenever its tensor is
 * new, which in training is every product, and its transposed products are much slower; here both
 * operands are repacked with cheap copies that also absorb any transposition.
 *
 *   packA(a, dst, M, K, transposed): copies A [M,K] (or, transposed, A^T stored as [K,M]) into
 *   blocks of 4 rows: dst[block][k][0..3], zero rows past M. Done once per product.
 *   gemm(pa, b, c, M, K, N, j0, j1, panel, transposed): C[M,N] columns j0..j1 = A * B, with A
 *   packed by packA and B [K,N] (or, transposed, B^T stored as [N,K]). `panel` is scratch for
 *   K * 12 + 48 floats: each 12-column strip of B is copied there (zero columns past j1) and then
 *   serves every block of 4 rows while it sits in the L1 cache. Operands read in place from rows
 *   2 KiB apart would fall into a few cache sets and be evicted before being reused.
 *
 * Every element of C is summed as c = c + a * b for k = 0..K-1 in order, in float32, whatever the
 * block it falls in, so results do not depend on block sizes or on how columns are split.
 */
import { I, ifElse, whileLoop, type Code, type FunctionDef, type ValType } from './wasmEmit'

/** Rows per block of packed A. */
const ROWS = 4
/** Columns per strip of B: 4 rows x 12 columns keep 12 accumulators and 3 B vectors in registers. */
const STRIP = 12

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
/** Broadcast float lane `lane` of a vector to all four lanes. */
const splatLane = (lane: number): Code => I.i8x16Shuffle(Array.from({ length: 16 }, (_, byte) => lane * 4 + (byte % 4)))

export function packAFunction(): FunctionDef {
  const [src, dst, M, K, transposed] = [0, 1, 2, 3, 4]
  const locals = new Locals(5)
  const [block, k, r, i, out] = locals.add('i32', 5)
  // dst[(block * K + k) * 4 + r] = row i = 4 * block + r of A at column k, or 0 past the last row.
  const element: Code[] = ifElse(
    [I.get(i), I.get(M), I.i32LtU],
    [
      ...ifElse(
        [I.get(transposed)],
        [I.get(out), ...floatAt(src, [...mul(k, M), I.get(i), I.i32Add]), I.f32Load(), I.f32Store()],
        [I.get(out), ...floatAt(src, [...mul(i, K), I.get(k), I.i32Add]), I.f32Load(), I.f32Store()]
      )
    ],
    [I.get(out), I.f32(0), I.f32Store()]
  )
  return {
    name: 'packA',
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: locals.types,
    body: [
      I.get(dst),
      I.set(out),
      ...whileLoop([I.get(block), I.i32(ROWS), I.i32Mul, I.get(M), I.i32LtU], [
        I.i32(0),
        I.set(k),
        ...whileLoop([I.get(k), I.get(K), I.i32LtU], [
          I.i32(0),
          I.set(r),
          ...whileLoop([I.get(r), I.i32(ROWS), I.i32LtU], [
            I.get(block), I.i32(ROWS), I.i32Mul, I.get(r), I.i32Add, I.set(i),
            ...element,
            ...add(out, [I.i32(4)]),
            ...inc(r)
          ]),
          ...inc(k)
        ]),
        ...inc(block)
      ])
    ]
  }
}

export function gemmFunction(): FunctionDef {
  const [pa, b, c, M, K, N, j0, j1, panel, transposed] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
  const locals = new Locals(10)
  const [j, i, k, col, row, cols, rows, pA, pB, from, temp] = locals.add('i32', 11)
  const acc = locals.add('v128', ROWS * (STRIP / 4))
  const vb = locals.add('v128', STRIP / 4)
  const [va, vs] = locals.add('v128', 2)

  // B[k, j + col] lives at k * N + j + col, or transposed at (j + col) * K + k; copied as raw bits.
  const bElement: Code[] = ifElse(
    [I.get(transposed)],
    [...floatAt(b, [I.get(j), I.get(col), I.i32Add, I.get(K), I.i32Mul, I.get(k), I.i32Add]), I.i32Load(), I.set(from)],
    [...floatAt(b, [...mul(k, N), I.get(j), I.i32Add, I.get(col), I.i32Add]), I.i32Load(), I.set(from)]
  )
  const packStrip: Code[] = [
    I.get(panel),
    I.set(pB),
    I.i32(0),
    I.set(k),
    ...whileLoop([I.get(k), I.get(K), I.i32LtU], [
      ...ifElse(
        // A full strip of a plain B: three vector copies.
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

  const microKernel: Code[] = [
    ...acc.flatMap((a) => [I.f32(0), I.f32x4Splat, I.set(a)]),
    // This block of A: (i / 4) * K * 4 floats in.
    ...floatAt(pa, [I.get(i), I.get(K), I.i32Mul]),
    I.set(pA),
    I.get(panel),
    I.set(pB),
    I.get(K),
    I.set(k),
    ...whileLoop([I.get(k)], [
      ...vb.flatMap((v, n) => [I.get(pB), I.v128Load(16 * n), I.set(v)]),
      I.get(pA),
      I.v128Load(),
      I.set(va),
      ...Array.from({ length: ROWS }, (_, r) => [
        I.get(va),
        I.get(va),
        splatLane(r),
        I.set(vs),
        ...vb.flatMap((v, n) => {
          const a = acc[r * vb.length + n]
          return [I.get(a), I.get(vs), I.get(v), I.f32x4Mul, I.f32x4Add, I.set(a)]
        })
      ]).flat(),
      ...add(pA, [I.i32(4 * ROWS)]),
      ...add(pB, [I.i32(4 * STRIP)]),
      I.get(k),
      I.i32(1),
      I.i32Sub,
      I.set(k)
    ])
  ]

  /** Address of C[i + r, j] plus `col` floats. */
  const cAddress = (r: Code[], column: Code[]): Code[] => floatAt(c, [I.get(i), ...r, I.i32Add, I.get(N), I.i32Mul, I.get(j), I.i32Add, ...column, I.i32Add])
  // The whole 4x12 block, or (at the edges) only its rows < rows and columns < cols via the
  // 48-float scratch after the panel.
  const store: Code[] = ifElse(
    [I.get(rows), I.i32(ROWS), I.i32Eq, I.get(cols), I.i32(STRIP), I.i32Eq, I.i32And],
    acc.map((a, n) => [...cAddress([I.i32(Math.floor(n / vb.length))], [I.i32(4 * (n % vb.length))]), I.get(a), I.v128Store()]).flat(),
    [
      ...floatAt(panel, [I.get(K), I.i32(STRIP), I.i32Mul]),
      I.set(temp),
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
      I.get(j0),
      I.set(j),
      ...whileLoop([I.get(j), I.get(j1), I.i32LtU], [
        // cols = min(12, j1 - j)
        I.get(j1), I.get(j), I.i32Sub, I.set(cols),
        ...ifElse([I.get(cols), I.i32(STRIP), I.i32GtU], [I.i32(STRIP), I.set(cols)], []),
        ...packStrip,
        I.i32(0),
        I.set(i),
        ...whileLoop([I.get(i), I.get(M), I.i32LtU], [
          // rows = min(4, M - i)
          I.get(M), I.get(i), I.i32Sub, I.set(rows),
          ...ifElse([I.get(rows), I.i32(ROWS), I.i32GtU], [I.i32(ROWS), I.set(rows)], []),
          ...microKernel,
          ...store,
          ...add(i, [I.i32(ROWS)])
        ]),
        ...add(j, [I.i32(STRIP)])
      ])
    ]
  }
}
