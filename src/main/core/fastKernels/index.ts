/**
 * Faster training kernels for the wasm and cpu backends, generated and registered at run time:
 * a fused RMSprop update, a fused regularizer penalty, a ReLU layer's ReLU and bias gradients in
 * one pass, and (wasm) matrix products on SIMD code that does not repack its operands, spread over
 * helper threads on the threaded build's shared heap, and image batches widened to floats on the
 * heap. docs/performance.md measures each one.
 *
 * `installFastKernels` is the one way in, called when a backend is chosen. The three ops below are
 * what the training code calls; they fall back to TF.js's plain kernels on backends without the
 * fused ones (the native `tensorflow` backend), so they are safe to call anywhere.
 */
import path from 'node:path'
import type * as tfjs from '@tensorflow/tfjs'
import { setKernelOptions, wasmHeap } from './heap'
import { registerImageBatch } from './imageBatch'
import { chooseKernelVariant, type KernelVariant } from './kernelVariant'
import { registerKernelPenalty } from './kernelPenalty'
import { registerReluBiasGrad } from './reluBiasGrad'
import { registerRmspropUpdate } from './rmspropUpdate'
import { installWasmMatmulFix } from './wasmMatmul'
import { outsideAsar, withWasmThreadSupport } from './wasmThreads'

export { kernelPenalty } from './kernelPenalty'
export { reluBiasGrad } from './reluBiasGrad'
export { rmspropUpdate, type RmspropAttrs } from './rmspropUpdate'
export { kernelProcessFlags, type KernelVariant } from './kernelVariant'

type Tf = typeof tfjs

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm'

export interface FastKernelOptions {
  /** The backend being chosen; the fused kernels are registered for wasm and cpu alike. */
  backend: 'wasm' | 'cpu'
  /**
   * wasm: threads for the matrix products (at least 1). One loads the plain SIMD build, more the
   * threaded build for its shared heap. The first wasm initialization in a process fixes it.
   */
  threads?: number
  /**
   * wasm: the products' code; default the fastest this runtime runs (relaxed-SIMD FMA, else plain
   * SIMD). Fixed, like `threads`, by the first wasm initialization in a process.
   */
  kernel?: KernelVariant
  /** Initializes and selects the backend; on wasm it runs while the pthread workers can start under Node. */
  activate: () => Promise<void>
}

/** Whether this process has registered the fused kernels; registration happens once. */
let fusedRegistered = false
/** Whether this process has replaced the wasm BatchMatMul kernel; done once, at the first wasm choice. */
let wasmInstalled = false

/** What the products run on: their threads and code ('js' on the cpu backend). */
export interface KernelSetup {
  threads: number
  kernel: KernelVariant | 'js'
}

/**
 * Make `options.backend` the current backend with the fast kernels in place, and say how its
 * matrix products run. The kernels are registered on the first call in a process (and the wasm
 * product kernel on the first wasm call); later calls only activate.
 */
export async function installFastKernels(tf: Tf, options: FastKernelOptions): Promise<KernelSetup> {
  if (!fusedRegistered) {
    registerRmspropUpdate(tf)
    registerKernelPenalty(tf)
    registerReluBiasGrad(tf)
    fusedRegistered = true
  }
  if (options.backend === 'cpu') {
    await options.activate()
    return { threads: 1, kernel: 'js' }
  }
  const wasm = require(WASM_PACKAGE) as typeof import('@tensorflow/tfjs-backend-wasm')
  if (!tf.engine().registry.wasm) {
    const threads = Math.max(1, Math.floor(options.threads ?? 1))
    // tfjs turns threads off under Node. One thread takes the plain SIMD build. More take the
    // threaded build for its shared heap, on which the matrix products run in `threads` threads
    // (gemmThreads.ts); tfjs's own pool stays at one thread, as its XNNPACK kernels no longer
    // carry the products. The package's own files stay valid when the calling code is bundled
    // somewhere else.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1)
    wasm.setWasmPaths(outsideAsar(path.dirname(require.resolve(WASM_PACKAGE))) + path.sep)
    wasm.setThreadsCount(1)
    setKernelOptions(threads, chooseKernelVariant(options.kernel))
    await withWasmThreadSupport(options.activate)
  } else {
    await options.activate()
  }
  if (!wasmInstalled) {
    wasmInstalled = installWasmMatmulFix(tf)
    if (wasmInstalled) registerImageBatch(tf)
  }
  const heap = wasmHeap(tf.backend())
  return { threads: heap.threads?.threads ?? 1, kernel: heap.variant }
}
