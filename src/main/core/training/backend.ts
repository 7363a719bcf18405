import os from 'node:os'
import type * as tfjs from '@tensorflow/tfjs'
import type { BackendChoice, BackendRequest } from '../../../shared/results'
import { UserError } from '../../../shared/errors'
import { installFastKernels, type KernelVariant } from '../fastKernels'
import { NATIVE_PACKAGES } from './backendAvailability'

type Tf = typeof tfjs

interface Rung {
  short: string
  name: BackendChoice['name']
  package: string
  /** `detail` goes into the reason beside "ok", e.g. the products' kernel variant. */
  load: (options: BackendOptions) => Promise<{ tf: Tf; threads: number; detail?: string }>
}

export interface BackendOptions {
  /**
   * Threads for the wasm backend's matrix products (default: every core, at most 8). One thread
   * loads the single-threaded SIMD build. The first wasm initialization in a process fixes it.
   */
  threads?: number
  /** The desktop app's staged 'auto' ladder (protocol.ts, TrainJob.ladder). */
  ladder?: { tried: string[]; stopAtWebgpu?: boolean }
  /** wasm: the products' code (default: relaxed-SIMD FMA where the runtime has it, else plain SIMD). */
  kernel?: KernelVariant
}

/** The wasm thread count to use when none is asked for: every core the process may use. */
export function defaultWasmThreads(): number {
  return Math.min(MAX_WASM_THREADS, os.availableParallelism())
}

/** The products of these networks gain little from more threads than this. */
const MAX_WASM_THREADS = 8

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm'

/** Why a rung failed, in one line: "not installed" when the package itself is missing, else the error's first line. */
export function failureReason(pkg: string, error: unknown): string {
  const err = error as NodeJS.ErrnoException
  const message = String(err?.message ?? error)
  if (err?.code === 'MODULE_NOT_FOUND' && message.includes(`'${pkg}'`)) return 'not installed'
  return message.split('\n')[0].trim() || 'failed to load'
}

async function activate(tf: Tf, name: string): Promise<void> {
  // setBackend reports a failed initialization by returning false, not by throwing.
  if (!(await tf.setBackend(name))) throw new Error(`backend '${name}' failed to initialize`)
  await tf.ready()
}

function nativeRung(pkg: string): Rung {
  return {
    short: pkg.replace('@tensorflow/', ''),
    name: 'tensorflow',
    package: pkg,
    load: async () => {
      // Optional dependency: loaded by name at run time so its absence is an ordinary outcome.
      const tf = require(pkg) as Tf
      await activate(tf, 'tensorflow')
      return { tf, threads: os.availableParallelism() }
    }
  }
}

const wasmRung: Rung = {
  short: 'wasm',
  name: 'wasm',
  package: WASM_PACKAGE,
  load: async (options) => {
    const tf = require('@tensorflow/tfjs') as Tf
    const threads = Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(options.threads ?? defaultWasmThreads())))
    const setup = await installFastKernels(tf, { backend: 'wasm', threads, kernel: options.kernel, activate: () => activate(tf, 'wasm') })
    return { tf, threads: setup.threads, detail: `${setup.kernel} kernels` }
  }
}

const cpuRung: Rung = {
  short: 'cpu',
  name: 'cpu',
  package: '@tensorflow/tfjs-backend-cpu',
  load: async () => {
    const tf = require('@tensorflow/tfjs') as Tf
    return { tf, threads: (await installFastKernels(tf, { backend: 'cpu', activate: () => activate(tf, 'cpu') })).threads }
  }
}

/** WebGPU needs a browser: a trainer process only names this rung; the desktop app runs it in a window. */
const webgpuRung: Rung = {
  short: 'webgpu',
  name: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  load: async () => {
    throw new Error("trains only in the desktop app's trainer window")
  }
}

const LADDERS: Record<BackendRequest, Rung[]> = {
  auto: [...NATIVE_PACKAGES.map(nativeRung), wasmRung, cpuRung],
  tensorflow: NATIVE_PACKAGES.map(nativeRung),
  webgpu: [webgpuRung],
  wasm: [wasmRung],
  cpu: [cpuRung]
}

/** The desktop app's 'auto' ladder has the webgpu rung after the native ones; rungs tried elsewhere are skipped. */
function stagedLadder(tried: readonly string[]): Rung[] {
  const rungs = [...NATIVE_PACKAGES.map(nativeRung), webgpuRung, wasmRung, cpuRung]
  return rungs.filter((rung) => !tried.some((reason) => reason.startsWith(`${rung.short}:`)))
}

function unavailable(requested: BackendRequest, reasons: string[]): UserError {
  return new UserError(
    'BACKEND_UNAVAILABLE',
    `Backend '${requested}' is not available here (${reasons.join('; ')}); choose another backend or 'auto'.`,
    { requested, reasons }
  )
}

/**
 * Load TensorFlow.js on the best backend allowed by `requested`, trying each rung in order (in a
 * trainer process the webgpu rung only records its refusal: it trains in a window, pageTrainer.ts).
 * The reason lists every rung tried, e.g. "auto: tfjs-node-gpu: not installed; tfjs-node: not
 * installed; wasm: ok, relaxed-simd-fma kernels". A forced backend that cannot load is a UserError carrying those reasons.
 */
export async function selectBackend(
  requested: BackendRequest,
  options: BackendOptions = {}
): Promise<{ tf: Tf; choice: BackendChoice }> {
  const staged = requested === 'auto' ? options.ladder : undefined
  const ladder = staged ? stagedLadder(staged.tried) : LADDERS[requested]
  if (!ladder) {
    throw new UserError('unknown_backend', `Unknown backend '${String(requested)}': use auto, tensorflow, webgpu, wasm or cpu.`)
  }
  const reasons: string[] = [...(staged?.tried ?? [])]
  for (const rung of ladder) {
    if (rung === webgpuRung && staged?.stopAtWebgpu) throw unavailable(requested, reasons)
    try {
      const { tf, threads, detail } = await rung.load(options)
      reasons.push(`${rung.short}: ok${detail ? `, ${detail}` : ''}`)
      return {
        tf,
        choice: { name: rung.name, package: rung.package, reason: `${requested === 'auto' ? 'auto' : 'forced'}: ${reasons.join('; ')}`, threads }
      }
    } catch (error) {
      reasons.push(`${rung.short}: ${failureReason(rung.package, error)}`)
    }
  }
  throw unavailable(requested, reasons)
}
