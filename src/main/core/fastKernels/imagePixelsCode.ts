/**
 * WebAssembly SIMD code that widens a batch of images from bytes to the floats training reads:
 *
 *   imagePixels(src, dst, n, divide): dst[i] = src[i] / 255 (divide) or src[i], i < n, float32
 *
 * Sixteen bytes at a time, widened to four vectors of four floats, then one at a time to the end.
 * A float32 division is correctly rounded, and for every byte value it equals what the JavaScript
 * path computes (the pixel times 1/255 in a double, rounded to float32): a test checks all 256.
 * Dividing by 1 leaves the value as it is.
 */
import { I, whileLoop, type Code, type FunctionDef } from './wasmEmit'

export function imagePixelsFunction(): FunctionDef {
  const [src, dst, n, divide] = [0, 1, 2, 3]
  const [i, vectorEnd, out] = [4, 5, 6]
  const [bytes, half, scale] = [7, 8, 9]
  /** Four pixels (the 32-bit lanes of `lanes`) as floats, divided, stored `at` bytes past `out`. */
  const store = (lanes: Code[], at: number): Code[] => [I.get(out), ...lanes, I.f32x4ConvertI32x4U, I.get(scale), I.f32x4Div, I.v128Store(at)]
  return {
    name: 'imagePixels',
    params: ['i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'v128', 'v128', 'v128'],
    body: [
      I.f32(255), I.f32(1), I.get(divide), I.select, I.f32x4Splat, I.set(scale),
      I.get(n), I.i32(-16), I.i32And, I.set(vectorEnd),
      I.get(dst), I.set(out),
      ...whileLoop([I.get(i), I.get(vectorEnd), I.i32LtU], [
        I.get(src), I.get(i), I.i32Add, I.v128Load(), I.set(bytes),
        I.get(bytes), I.i16x8ExtendLowI8x16U, I.set(half),
        ...store([I.get(half), I.i32x4ExtendLowI16x8U], 0),
        ...store([I.get(half), I.i32x4ExtendHighI16x8U], 16),
        I.get(bytes), I.i16x8ExtendHighI8x16U, I.set(half),
        ...store([I.get(half), I.i32x4ExtendLowI16x8U], 32),
        ...store([I.get(half), I.i32x4ExtendHighI16x8U], 48),
        I.get(out), I.i32(64), I.i32Add, I.set(out),
        I.get(i), I.i32(16), I.i32Add, I.set(i)
      ]),
      ...whileLoop([I.get(i), I.get(n), I.i32LtU], [
        I.get(out),
        I.get(src), I.get(i), I.i32Add, I.i32Load8U(), I.f32ConvertI32U,
        I.f32(255), I.f32(1), I.get(divide), I.select, I.f32Div,
        I.f32Store(),
        I.get(out), I.i32(4), I.i32Add, I.set(out),
        I.get(i), I.i32(1), I.i32Add, I.set(i)
      ])
    ]
  }
}
