/**
 * Which matrix-product code this runtime can run. WebAssembly relaxed SIMD gives a fused
 * multiply-add (`f32x4.relaxed_madd`), about twice the products' throughput where the CPU has FMA;
 * Electron's V8 ships it, Node 20 only behind a flag. The choice is made once, when the kernels are
 * compiled, and recorded in the run's backend line; plain SIMD is the fallback.
 */
import { buildModule, I } from './wasmEmit'

export type KernelVariant = 'relaxed-simd-fma' | 'simd'

/** The V8 flag that turns relaxed SIMD on in runtimes that have it behind a flag (Node 20). */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd'

/** A one-function module whose only use of relaxed SIMD is one `f32x4.relaxed_madd`. */
function relaxedProbe(): Uint8Array<ArrayBuffer> {
  const zero = [I.v128Const(new Array(16).fill(0))]
  return buildModule([{ name: 'probe', params: [], locals: [], body: [...zero, ...zero, ...zero, I.f32x4RelaxedMadd, I.drop] }], false)
}

let supported: boolean | undefined

/** Whether this runtime validates relaxed SIMD (checked once). */
export function relaxedSimdSupported(): boolean {
  supported ??= WebAssembly.validate(relaxedProbe())
  return supported
}

/**
 * Node flags for a process that will run the kernels: the relaxed-SIMD flag when this runtime
 * does not have the feature on by default (the child runs the same binary as this process).
 */
export function kernelProcessFlags(): string[] {
  // A host started with the flag validates too, but the child gets only the flags given here.
  return relaxedSimdSupported() && !process.execArgv.includes(RELAXED_SIMD_FLAG) ? [] : [RELAXED_SIMD_FLAG]
}

/** `preferred`, or the fastest variant this runtime runs; a forced FMA variant it cannot run is an error. */
export function chooseKernelVariant(preferred?: KernelVariant): KernelVariant {
  if (preferred === 'simd') return 'simd'
  if (relaxedSimdSupported()) return 'relaxed-simd-fma'
  if (preferred === 'relaxed-simd-fma') throw new Error(`relaxed SIMD is not available in this runtime (Node needs ${RELAXED_SIMD_FLAG})`)
  return 'simd'
}
