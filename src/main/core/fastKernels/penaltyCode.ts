/**
 * WebAssembly SIMD code for the kernel regularizers' penalty and its gradient, each one pass over
 * the weights (TF.js takes three kernels forward and five backward for l1 * sum|w| + l2 * sum w^2).
 *
 *   penalty(w, out, n, l1, l2): out[0] = l1 * sum|w| + l2 * sum w^2, summed four lanes at a time.
 *   penaltyGrad(w, dy, out, n, l1, l2): out = dy * l1 * sign(w) + dy * l2 * 2w, with dy read from
 *   memory (a scalar tensor) and sign(w) = 1 for w > 0, else -1, as TF.js's abs gradient has it.
 */
import { I, whileLoop, type Code, type FunctionDef } from './wasmEmit'

const at = (base: number, index: number): Code[] => [I.get(base), I.get(index), I.i32Add]
const step = (index: number, bytes: number): Code[] => [I.get(index), I.i32(bytes), I.i32Add, I.set(index)]
/** Byte offset of the last multiple of four floats, and of the end, from a float count. */
const vectorEnd = (n: number): Code[] => [I.get(n), I.i32(-4), I.i32And, I.i32(2), I.i32Shl]
const end = (n: number): Code[] => [I.get(n), I.i32(2), I.i32Shl]

export function penaltyFunction(): FunctionDef {
  const [w, out, n, l1, l2] = [0, 1, 2, 3, 4]
  const [index, vAbs, vSquares, x, sAbs, sSquares, sx] = [5, 6, 7, 8, 9, 10, 11]
  const lanesSum = (vector: number, scalar: number): Code[] => [
    I.get(vector), I.f32x4ExtractLane(0), I.get(vector), I.f32x4ExtractLane(1), I.f32Add,
    I.get(vector), I.f32x4ExtractLane(2), I.f32Add, I.get(vector), I.f32x4ExtractLane(3), I.f32Add, I.set(scalar)
  ]
  return {
    name: 'penalty',
    params: ['i32', 'i32', 'i32', 'f32', 'f32'],
    locals: ['i32', 'v128', 'v128', 'v128', 'f32', 'f32', 'f32'],
    body: [
      I.f32(0), I.f32x4Splat, I.set(vAbs),
      I.f32(0), I.f32x4Splat, I.set(vSquares),
      ...whileLoop([I.get(index), ...vectorEnd(n), I.i32LtU], [
        ...at(w, index), I.v128Load(), I.set(x),
        I.get(vAbs), I.get(x), I.f32x4Abs, I.f32x4Add, I.set(vAbs),
        I.get(vSquares), I.get(x), I.get(x), I.f32x4Mul, I.f32x4Add, I.set(vSquares),
        ...step(index, 16)
      ]),
      ...lanesSum(vAbs, sAbs),
      ...lanesSum(vSquares, sSquares),
      ...whileLoop([I.get(index), ...end(n), I.i32LtU], [
        ...at(w, index), I.f32Load(), I.set(sx),
        I.get(sAbs), I.get(sx), I.f32Abs, I.f32Add, I.set(sAbs),
        I.get(sSquares), I.get(sx), I.get(sx), I.f32Mul, I.f32Add, I.set(sSquares),
        ...step(index, 4)
      ]),
      I.get(out), I.get(l1), I.get(sAbs), I.f32Mul, I.get(l2), I.get(sSquares), I.f32Mul, I.f32Add, I.f32Store()
    ]
  }
}

export function penaltyGradFunction(): FunctionDef {
  const [w, dy, out, n, l1, l2] = [0, 1, 2, 3, 4, 5]
  const [index, a, b, vA, vB, vOne, vMinusOne, vZero, x, sx] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
  return {
    name: 'penaltyGrad',
    params: ['i32', 'i32', 'i32', 'i32', 'f32', 'f32'],
    locals: ['i32', 'f32', 'f32', 'v128', 'v128', 'v128', 'v128', 'v128', 'v128', 'f32'],
    body: [
      // a = dy * l1 (the abs part's factor), b = dy * l2 * 2 (the square part's).
      I.get(dy), I.f32Load(), I.get(l1), I.f32Mul, I.set(a),
      I.get(dy), I.f32Load(), I.get(l2), I.f32Mul, I.f32(2), I.f32Mul, I.set(b),
      I.get(a), I.f32x4Splat, I.set(vA),
      I.get(b), I.f32x4Splat, I.set(vB),
      I.f32(1), I.f32x4Splat, I.set(vOne),
      I.f32(-1), I.f32x4Splat, I.set(vMinusOne),
      I.f32(0), I.f32x4Splat, I.set(vZero),
      ...whileLoop([I.get(index), ...vectorEnd(n), I.i32LtU], [
        ...at(w, index), I.v128Load(), I.set(x),
        ...at(out, index),
        I.get(vA), I.get(vOne), I.get(vMinusOne), I.get(x), I.get(vZero), I.f32x4Gt, I.v128Bitselect, I.f32x4Mul,
        I.get(vB), I.get(x), I.f32x4Mul,
        I.f32x4Add,
        I.v128Store(),
        ...step(index, 16)
      ]),
      ...whileLoop([I.get(index), ...end(n), I.i32LtU], [
        ...at(w, index), I.f32Load(), I.set(sx),
        ...at(out, index),
        I.get(a), I.f32(1), I.f32(-1), I.get(sx), I.f32(0), I.f32Gt, I.select, I.f32Mul,
        I.get(b), I.get(sx), I.f32Mul,
        I.f32Add,
        I.f32Store(),
        ...step(index, 4)
      ])
    ]
  }
}
