import type * as tfjs from '@tensorflow/tfjs'
import { packedAFloats, panelFloats } from './gemmCode'
import { chunkColumns, chunking, panelColumns, productThreads } from './gemmThreads'
import { wasmHeap } from './heap'

type Tf = typeof tfjs
type KernelFunc = tfjs.KernelConfig['kernelFunc']
type KernelArgs = Parameters<KernelFunc>[0]

/** Kernel functions this module registered, so a second install recognises its own wrapper. */
const wrappers = new WeakSet<KernelFunc>()

/** Permutation that swaps the last two axes of a tensor of the given rank. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i)
  perm[rank - 2] = rank - 1
  perm[rank - 1] = rank - 2
  return perm
}

/** Whether the wasm BatchMatMul kernel currently registered is this module's wrapper. */
export function hasWasmMatmulFix(tf: Tf): boolean {
  const kernel = tf.getKernel('BatchMatMul', 'wasm') as tfjs.KernelConfig | undefined
  return kernel !== undefined && wrappers.has(kernel.kernelFunc)
}

const batchSize = (shape: number[]): number => shape.slice(0, -2).reduce((a, b) => a * b, 1)

/** Whether a product goes to the SIMD kernels: float32, batch dimensions all 1. */
const isSingleFloatProduct = (a: tfjs.TensorInfo, b: tfjs.TensorInfo): boolean =>
  a.dtype === 'float32' && b.dtype === 'float32' && batchSize(a.shape) === 1 && batchSize(b.shape) === 1

/**
 * One float32 product (batch dimensions all 1) with the SIMD kernels of gemmCode.ts: A is
 * copied into row blocks, B into column strips, both taking any transposition on the way, then
 * the strips are shared out between the threads (gemmThreads.ts) when the product is large.
 */
function simdProduct(args: KernelArgs, tf: Tf): tfjs.TensorInfo {
  const { a, b } = args.inputs as { a: tfjs.TensorInfo; b: tfjs.TensorInfo }
  const transposeA = args.attrs?.transposeA === true
  const transposeB = args.attrs?.transposeB === true
  const [aRows, aCols] = a.shape.slice(-2)
  const [bRows, bCols] = b.shape.slice(-2)
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols]
  const [kb, n] = transposeB ? [bCols, bRows] : [bRows, bCols]
  if (k !== kb) throw new Error(`matMul: inner dimensions ${k} and ${kb} of shapes [${a.shape}] and [${b.shape}] differ`)
  const batch = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2))

  const heap = wasmHeap(args.backend)
  const out = heap.output([...batch, m, n])
  const scratch: tfjs.TensorInfo[] = []
  const temporary = (floats: number): number => {
    const info = heap.output([Math.max(1, floats)])
    scratch.push(info)
    return heap.offset(info)
  }
  try {
    const packedA = temporary(packedAFloats(m, k, heap.block))
    const [aOffset, transposedA] = [heap.offset(a), transposeA ? 1 : 0]
    const [bOffset, outOffset, transposed] = [heap.offset(b), heap.offset(out), transposeB ? 1 : 0]
    const pool = heap.threads
    const threads = pool && productThreads(m, k, n, pool.threads, heap.block) > 1 ? pool : null
    const { strips, chunks } = chunking(n, threads?.threads ?? 1, heap.block.strip)
    const panel = (): number => temporary(panelFloats(k, panelColumns(n, threads?.threads ?? 1, heap.block.strip), heap.block))
    if (threads) {
      threads.gemm(aOffset, transposedA, packedA, bOffset, outOffset, m, k, n, transposed, Array.from({ length: threads.threads }, panel))
    } else {
      heap.kernels.packA(aOffset, packedA, m, k, transposedA, 0, Math.ceil(m / heap.block.rows))
      const scratch = panel()
      for (let chunk = 0; chunk < chunks; chunk++) {
        const [j0, j1] = chunkColumns(chunk, chunks, strips, n, heap.block.strip)
        heap.kernels.gemm(packedA, bOffset, outOffset, m, k, n, j0, j1, scratch, transposed)
      }
    }
  } finally {
    // The scratch tensors never reach the engine, so the backend frees them here.
    const backend = args.backend as tfjs.KernelBackend
    for (const info of scratch) backend.disposeData(info.dataId)
  }
  return out
}

/**
 * Replace the wasm BatchMatMul kernel with faster products for training.
 *
 * tfjs-backend-wasm 4.22 hands every product to XNNPACK, which repacks the right operand whenever
 * its tensor is new (in training: every product of every step, since the weights change), and
 * computes products with transposeA or transposeB about 25x slower than the plain product; every
 * dense-layer gradient needs one of them. Single products (batch dimensions all 1, float32) go to
 * the SIMD kernels of gemmCode.ts instead; batched products keep the original kernel,
 * with operands transposed explicitly (a cheap copy) so it takes its fast non-transposed path.
 * Safe to call more than once. Returns whether the fix is in place (false when the wasm backend
 * is not loaded).
 */
export function installWasmMatmulFix(tf: Tf): boolean {
  const original = tf.getKernel('BatchMatMul', 'wasm') as tfjs.KernelConfig | undefined
  const transpose = tf.getKernel('Transpose', 'wasm') as tfjs.KernelConfig | undefined
  if (!original || !transpose) return false
  if (hasWasmMatmulFix(tf)) return true

  const plain = original.kernelFunc
  const transposeFunc = transpose.kernelFunc
  const kernelFunc: KernelFunc = (args: KernelArgs) => {
    const { a, b } = args.inputs as { a: tfjs.TensorInfo; b: tfjs.TensorInfo }
    if (isSingleFloatProduct(a, b)) return simdProduct(args, tf)
    const attrs = args.attrs ?? {}
    const transposeA = attrs.transposeA === true
    const transposeB = attrs.transposeB === true
    if (!transposeA && !transposeB) return plain(args)

    const backend = args.backend as tfjs.KernelBackend
    const explicit = (x: tfjs.TensorInfo): tfjs.TensorInfo =>
      transposeFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as tfjs.TensorInfo
    const at = transposeA ? explicit(a) : a
    const bt = transposeB ? explicit(b) : b
    try {
      return plain({ ...args, inputs: { ...args.inputs, a: at, b: bt }, attrs: { ...attrs, transposeA: false, transposeB: false } })
    } finally {
      // The transposed copies never reach the engine, so the backend frees them here.
      if (transposeA) backend.disposeData(at.dataId)
      if (transposeB) backend.disposeData(bt.dataId)
    }
  }
  wrappers.add(kernelFunc)
  tf.unregisterKernel('BatchMatMul', 'wasm')
  tf.registerKernel({ ...original, kernelFunc })
  installFusedProduct(tf)
  return true
}

/**
 * Replace the wasm _FusedMatMul kernel (a dense layer's product, bias and activation in one: every
 * layer at inference, the linear last layer in training) for single float32 products with a bias
 * of one value per column and no or a ReLU activation: the SIMD product, then bias and ReLU in
 * one pass over it (epilogueCode.ts). Inference (validation every epoch, the final evaluation)
 * then runs on the threads and the fused multiply-add too. Anything else keeps XNNPACK's kernel.
 */
function installFusedProduct(tf: Tf): void {
  const original = tf.getKernel('_FusedMatMul', 'wasm') as tfjs.KernelConfig | undefined
  if (!original) return
  const plain = original.kernelFunc
  const kernelFunc: KernelFunc = (args: KernelArgs) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tfjs.TensorInfo | undefined>
    const activation = args.attrs?.activation ?? 'linear'
    const n = b && b.shape[args.attrs?.transposeB === true ? b.shape.length - 2 : b.shape.length - 1]
    const biasFits = !bias || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === n)
    if (!a || !b || !isSingleFloatProduct(a, b) || preluActivationWeights || !biasFits || (activation !== 'linear' && activation !== 'relu')) {
      return plain(args)
    }
    const out = simdProduct({ ...args, inputs: { a, b } }, tf)
    if (bias || activation === 'relu') {
      const heap = wasmHeap(args.backend)
      const [m, columns] = out.shape.slice(-2)
      heap.kernels.biasActivation(heap.offset(out), bias ? heap.offset(bias) : 0, m, columns, bias ? 1 : 0, activation === 'relu' ? 1 : 0)
    }
    return out
  }
  wrappers.add(kernelFunc)
  tf.unregisterKernel('_FusedMatMul', 'wasm')
  tf.registerKernel({ ...original, kernelFunc })
}
