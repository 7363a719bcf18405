/**
 * Direct access to tensor memory for the fused kernels, on the two backends whose data lives in
 * this process: wasm (the module's heap, worked on by simdKernels.ts) and cpu (plain typed arrays).
 */
import type * as tfjs from '@tensorflow/tfjs'
import { blockFor, type Block } from './gemmCode'
import { GemmThreads } from './gemmThreads'
import type { KernelVariant } from './kernelVariant'
import { compileSimdKernels, instantiateSimdKernels, isShared, type SimdKernels } from './simdKernels'

type TypedArray = Float32Array | Int32Array | Uint8Array

interface WasmBackendLike {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } }
  makeOutput(shape: number[], dtype: tfjs.DataType): tfjs.TensorInfo
  getMemoryOffset(dataId: tfjs.DataId): number
}

interface CpuBackendLike {
  data: { get(dataId: tfjs.DataId): { values: TypedArray } }
  makeTensorInfo(shape: number[], dtype: tfjs.DataType, values?: TypedArray): tfjs.TensorInfo
}

let requestedThreads = 1
let requestedVariant: KernelVariant = 'simd'

/**
 * Threads and product code for the kernels of wasm backends initialized after this call. More
 * than one thread needs a shared heap (the threaded build); otherwise products stay on the calling
 * thread. The variant must be one this runtime runs (kernelVariant.ts).
 */
export function setKernelOptions(threads: number, variant: KernelVariant): void {
  requestedThreads = Math.max(1, Math.floor(threads))
  requestedVariant = variant
}

export interface WasmHeap {
  kernels: SimdKernels
  /** The products' code, fixed when the kernels were compiled. */
  variant: KernelVariant
  /** The register block of that code: packed A's rows, the panel's strips. */
  block: Block
  /** Helper threads for large products, when the heap is shared and more than one thread was asked for. */
  threads: GemmThreads | null
  /** A new float32 output tensor on the heap. */
  output(shape: number[]): tfjs.TensorInfo
  /** Byte offset of a tensor's data in the heap. */
  offset(info: tfjs.TensorInfo): number
  /** The heap's bytes; a new view each time, as the heap may have grown. */
  bytes(): Uint8Array
}

const heaps = new WeakMap<object, WasmHeap>()

/** The SIMD kernels of a wasm backend, instantiated on its heap once. */
export function wasmHeap(backend: unknown): WasmHeap {
  const wasm = backend as WasmBackendLike
  let heap = heaps.get(wasm)
  if (!heap) {
    // The threaded build keeps its (shared) heap on the module; the plain build exports it.
    const memory = wasm.wasm.wasmMemory ?? wasm.wasm.asm?.memory
    if (!memory) throw new Error('the wasm backend does not expose its memory')
    const module = compileSimdKernels(memory, requestedVariant)
    const kernels = instantiateSimdKernels(memory, module)
    const block = blockFor(requestedVariant)
    heap = {
      kernels,
      variant: requestedVariant,
      block,
      threads: isShared(memory) && requestedThreads > 1 ? new GemmThreads(module, memory, kernels, requestedThreads - 1, block) : null,
      output: (shape) => wasm.makeOutput(shape, 'float32'),
      offset: (info) => wasm.getMemoryOffset(info.dataId),
      bytes: () => new Uint8Array(memory.buffer)
    }
    heaps.set(wasm, heap)
  }
  return heap
}

/** The cpu backend's float data of the inputs and new float32 outputs, filled by `body`. */
export function cpuKernel(
  backend: unknown,
  inputs: tfjs.TensorInfo[],
  outputShapes: number[][],
  body: (inputs: Float32Array[], outputs: Float32Array[]) => void
): tfjs.TensorInfo[] {
  const cpu = backend as CpuBackendLike
  const values = outputShapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)))
  body(
    inputs.map((info) => cpu.data.get(info.dataId).values as Float32Array),
    values
  )
  return outputShapes.map((shape, i) => cpu.makeTensorInfo(shape, 'float32', values[i]))
}
