/**
 * WebAssembly SIMD code for the end of a dense layer's fused product (TF.js's _FusedMatMul):
 *
 *   biasActivation(c, bias, M, N, hasBias, relu): in place over C [M,N],
 *   c = c + bias[column] (when hasBias), then c = max(c, 0) (when relu); four columns at a time,
 *   then one at a time to the end of each row.
 *
 * One pass over the product just written, while it is still in the cache: a few thousandths of
 * the product's own work, instead of TF.js's separate Add and Relu kernels with their outputs.
 */
import { I, ifElse, whileLoop, type Code, type FunctionDef } from './wasmEmit'

export function biasActivationFunction(): FunctionDef {
  const [c, bias, M, N, hasBias, relu] = [0, 1, 2, 3, 4, 5]
  const [row, col, at, vectorEnd] = [6, 7, 8, 9]
  const [v] = [10]
  const [s] = [11]
  const address = (base: number, index: Code[]): Code[] => [I.get(base), ...index, I.i32(2), I.i32Shl, I.i32Add]
  const vector: Code[] = [
    ...address(c, [I.get(at), I.get(col), I.i32Add]),
    ...address(c, [I.get(at), I.get(col), I.i32Add]),
    I.v128Load(),
    I.set(v),
    ...ifElse([I.get(hasBias)], [I.get(v), ...address(bias, [I.get(col)]), I.v128Load(), I.f32x4Add, I.set(v)], []),
    ...ifElse([I.get(relu)], [I.get(v), I.f32(0), I.f32x4Splat, I.f32x4Max, I.set(v)], []),
    I.get(v),
    I.v128Store(),
    I.get(col), I.i32(4), I.i32Add, I.set(col)
  ]
  const scalar: Code[] = [
    ...address(c, [I.get(at), I.get(col), I.i32Add]),
    ...address(c, [I.get(at), I.get(col), I.i32Add]),
    I.f32Load(),
    I.set(s),
    ...ifElse([I.get(hasBias)], [I.get(s), ...address(bias, [I.get(col)]), I.f32Load(), I.f32Add, I.set(s)], []),
    ...ifElse([I.get(relu)], [I.get(s), I.f32(0), I.f32Max, I.set(s)], []),
    I.get(s),
    I.f32Store(),
    I.get(col), I.i32(1), I.i32Add, I.set(col)
  ]
  return {
    name: 'biasActivation',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'i32', 'v128', 'f32'],
    body: [
      I.get(N), I.i32(-4), I.i32And, I.set(vectorEnd),
      ...whileLoop([I.get(row), I.get(M), I.i32LtU], [
        I.get(row), I.get(N), I.i32Mul, I.set(at),
        I.i32(0), I.set(col),
        ...whileLoop([I.get(col), I.get(vectorEnd), I.i32LtU], vector),
        ...whileLoop([I.get(col), I.get(N), I.i32LtU], scalar),
        I.get(row), I.i32(1), I.i32Add, I.set(row)
      ])
    ]
  }
}
