/**
 * WebAssembly SIMD code for the backward pass of a dense layer with ReLU (fusedReluDense.ts), after
 * the product's gradient dy [M,N] reaches the layer's output y = relu(x W + b) [M,N]:
 *
 *   reluBiasGrad(dy, y, dz, db, M, N):
 *     dz = dy * (y > 0 ? 1 : 0)                       ReLU's gradient, as TF.js's dy * step(x)
 *     db[j] = ((0 + dz[0,j]) + dz[1,j]) + ... in float32, rows in order, as TF.js's Sum over axis 0
 *
 * One pass over dy and y, four columns at a time then one at a time to the end of each row; db
 * (N floats) stays in L1. TF.js takes Step, Mul, Transpose and Sum for the same, each with an output.
 */
import { I, whileLoop, type Code, type FunctionDef } from './wasmEmit'

export function reluBiasGradFunction(): FunctionDef {
  const [dy, y, dz, db, M, N] = [0, 1, 2, 3, 4, 5]
  // Byte offsets: the row's start in dy, y and dz, the column within the row, its ends.
  const [row, rowStart, col, vectorEnd, rowEnd] = [6, 7, 8, 9, 10]
  const [d, vZero, vOne] = [11, 12, 13]
  const [s] = [14]
  const at = (base: number): Code[] => [I.get(base), I.get(rowStart), I.i32Add, I.get(col), I.i32Add]
  const biasAt: Code[] = [I.get(db), I.get(col), I.i32Add]
  const next = (bytes: number): Code[] => [I.get(col), I.i32(bytes), I.i32Add, I.set(col)]
  return {
    name: 'reluBiasGrad',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'i32', 'i32', 'v128', 'v128', 'v128', 'f32'],
    body: [
      I.get(N), I.i32(2), I.i32Shl, I.set(rowEnd),
      I.get(N), I.i32(-4), I.i32And, I.i32(2), I.i32Shl, I.set(vectorEnd),
      I.f32(0), I.f32x4Splat, I.set(vZero),
      I.f32(1), I.f32x4Splat, I.set(vOne),
      ...whileLoop([I.get(col), I.get(rowEnd), I.i32LtU], [...biasAt, I.f32(0), I.f32Store(), ...next(4)]),
      ...whileLoop([I.get(row), I.get(M), I.i32LtU], [
        I.i32(0), I.set(col),
        ...whileLoop([I.get(col), I.get(vectorEnd), I.i32LtU], [
          ...at(dy), I.v128Load(),
          I.get(vOne), I.get(vZero), ...at(y), I.v128Load(), I.get(vZero), I.f32x4Gt, I.v128Bitselect,
          I.f32x4Mul, I.set(d),
          ...at(dz), I.get(d), I.v128Store(),
          ...biasAt, ...biasAt, I.v128Load(), I.get(d), I.f32x4Add, I.v128Store(),
          ...next(16)
        ]),
        ...whileLoop([I.get(col), I.get(rowEnd), I.i32LtU], [
          ...at(dy), I.f32Load(),
          I.f32(1), I.f32(0), ...at(y), I.f32Load(), I.f32(0), I.f32Gt, I.select,
          I.f32Mul, I.set(s),
          ...at(dz), I.get(s), I.f32Store(),
          ...biasAt, ...biasAt, I.f32Load(), I.get(s), I.f32Add, I.f32Store(),
          ...next(4)
        ]),
        I.get(rowStart), I.get(rowEnd), I.i32Add, I.set(rowStart),
        I.get(row), I.i32(1), I.i32Add, I.set(row)
      ])
    ]
  }
}
