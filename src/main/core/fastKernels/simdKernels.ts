/**
 * The WebAssembly SIMD kernels (RMSprop update here; matrix products in gemmCode.ts; regularizer
 * penalty in penaltyCode.ts; a ReLU layer's backward in reluBiasGradCode.ts) as one module, run
 * directly on the wasm backend's heap: tensor data is addressed by the byte offsets the backend
 * records, so nothing is copied. Each function does in one pass what TF.js does with several kernels.
 */
import { biasActivationFunction } from './epilogueCode'
import { blockFor, gemmFunction, packAFunction } from './gemmCode'
import { imagePixelsFunction } from './imagePixelsCode'
import type { KernelVariant } from './kernelVariant'
import { penaltyFunction, penaltyGradFunction } from './penaltyCode'
import { reluBiasGradFunction } from './reluBiasGradCode'
import { I, buildModule, type Code, type FunctionDef } from './wasmEmit'

/** `for (i = start; i < end; i += step) body`, on a byte offset held in local `index`. */
function loop(index: number, end: number, step: number, body: Code[]): Code[] {
  return [
    I.block,
    I.loop,
    I.get(index),
    I.get(end),
    I.i32GeU,
    I.brIf(1),
    ...body,
    I.get(index),
    I.i32(step),
    I.i32Add,
    I.set(index),
    I.br(0),
    I.end,
    I.end
  ]
}

/** Address `base + index` on the stack. */
const at = (base: number, index: number): Code[] => [I.get(base), I.get(index), I.i32Add]

/**
 * rmsprop(w, ms, g, wOut, msOut, n, learningRate, rho, rest, epsilon), pointers as byte offsets:
 *   msOut = ms * rho + g * g * rest;  wOut = w - g * (1 / sqrt(msOut + epsilon)) * learningRate
 */
function rmsprop(): FunctionDef {
  const [w, ms, g, wOut, msOut, n, rate, rho, rest, epsilon] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
  const [index, end, vRate, vRho, vRest, vEpsilon, vOne, vG, vNext, sG, sNext] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
  const splat = (from: number, to: number): Code[] => [I.get(from), I.f32x4Splat, I.set(to)]
  return {
    name: 'rmsprop',
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f32', 'f32', 'f32', 'f32'],
    locals: ['i32', 'i32', 'v128', 'v128', 'v128', 'v128', 'v128', 'v128', 'v128', 'f32', 'f32'],
    body: [
      ...splat(rate, vRate),
      ...splat(rho, vRho),
      ...splat(rest, vRest),
      ...splat(epsilon, vEpsilon),
      I.f32(1),
      I.f32x4Splat,
      I.set(vOne),
      // Four floats at a time up to the last multiple of four, then one at a time.
      I.get(n),
      I.i32(-4),
      I.i32And,
      I.i32(2),
      I.i32Shl,
      I.set(end),
      ...loop(index, end, 16, [
        ...at(g, index),
        I.v128Load(),
        I.set(vG),
        ...at(ms, index),
        I.v128Load(),
        I.get(vRho),
        I.f32x4Mul,
        I.get(vG),
        I.get(vG),
        I.f32x4Mul,
        I.get(vRest),
        I.f32x4Mul,
        I.f32x4Add,
        I.set(vNext),
        ...at(msOut, index),
        I.get(vNext),
        I.v128Store(),
        ...at(wOut, index),
        ...at(w, index),
        I.v128Load(),
        I.get(vG),
        I.get(vOne),
        I.get(vNext),
        I.get(vEpsilon),
        I.f32x4Add,
        I.f32x4Sqrt,
        I.f32x4Div,
        I.f32x4Mul,
        I.get(vRate),
        I.f32x4Mul,
        I.f32x4Sub,
        I.v128Store()
      ]),
      I.get(n),
      I.i32(2),
      I.i32Shl,
      I.set(end),
      ...loop(index, end, 4, [
        ...at(g, index),
        I.f32Load(),
        I.set(sG),
        ...at(ms, index),
        I.f32Load(),
        I.get(rho),
        I.f32Mul,
        I.get(sG),
        I.get(sG),
        I.f32Mul,
        I.get(rest),
        I.f32Mul,
        I.f32Add,
        I.set(sNext),
        ...at(msOut, index),
        I.get(sNext),
        I.f32Store(),
        ...at(wOut, index),
        ...at(w, index),
        I.f32Load(),
        I.get(sG),
        I.f32(1),
        I.get(sNext),
        I.get(epsilon),
        I.f32Add,
        I.f32Sqrt,
        I.f32Div,
        I.f32Mul,
        I.get(rate),
        I.f32Mul,
        I.f32Sub,
        I.f32Store()
      ])
    ]
  }
}

export interface SimdKernels {
  rmsprop(
    w: number,
    ms: number,
    g: number,
    wOut: number,
    msOut: number,
    n: number,
    learningRate: number,
    rho: number,
    rest: number,
    epsilon: number
  ): void
  /** Copies blocks b0..b1-1 of A [M,K] (transposed: stored as [K,M]) into blocks of the variant's rows (gemmCode.ts). */
  packA(a: number, dst: number, m: number, k: number, transposed: number, b0: number, b1: number): void
  /**
   * C[M,N] columns j0..j1 = A * B, A packed by packA, B [K,N] (transposed: stored as [N,K]);
   * panel: scratch for panelFloats(K, j1 - j0, block) floats (gemmCode.ts).
   */
  gemm(pa: number, b: number, c: number, m: number, k: number, n: number, j0: number, j1: number, panel: number, transposed: number): void
  /** In place over C [M,N]: add bias[column] (hasBias), then max(c, 0) (relu) (epilogueCode.ts). */
  biasActivation(c: number, bias: number, m: number, n: number, hasBias: number, relu: number): void
  /** out[0] = l1 * sum|w| + l2 * sum w^2 (penaltyCode.ts). */
  penalty(w: number, out: number, n: number, l1: number, l2: number): void
  /** out = dy * (l1 * sign(w) + 2 * l2 * w), dy the float at byte offset `dy`. */
  penaltyGrad(w: number, dy: number, out: number, n: number, l1: number, l2: number): void
  /** dz [M,N] = dy * (y > 0), db [N] = sum of dz's rows: a ReLU layer's backward (reluBiasGradCode.ts). */
  reluBiasGrad(dy: number, y: number, dz: number, db: number, m: number, n: number): void
  /** dst[i] = src[i] / 255 (divide) or src[i] as float32, src bytes (imagePixelsCode.ts). */
  imagePixels(src: number, dst: number, n: number, divide: number): void
}


export function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer
}

/**
 * The compiled kernels for a heap like `memory` (shared or not); other threads can instantiate it
 * too. `variant` picks the products' multiply-add (gemmCode.ts); the other kernels are the same in both.
 */
export function compileSimdKernels(memory: WebAssembly.Memory, variant: KernelVariant = 'simd'): WebAssembly.Module {
  const functions = [rmsprop(), packAFunction(blockFor(variant)), gemmFunction(variant), biasActivationFunction(), penaltyFunction(), penaltyGradFunction(), reluBiasGradFunction(), imagePixelsFunction()]
  return new WebAssembly.Module(buildModule(functions, isShared(memory)))
}

/** The kernels, instantiated on the given heap (a shared one for the threaded build). */
export function instantiateSimdKernels(memory: WebAssembly.Memory, module = compileSimdKernels(memory)): SimdKernels {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels
}
