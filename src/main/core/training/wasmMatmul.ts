import type * as tfjs from '@tensorflow/tfjs'

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

/**
 * Replace the wasm BatchMatMul kernel with one that transposes operands explicitly.
 *
 * tfjs-backend-wasm 4.22 computes products with transposeA or transposeB about 25x slower than
 * the plain product, and every dense-layer gradient needs one of them. Transposing first (a cheap
 * copy) and then running the fast non-transposed path gives the same numbers much sooner.
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
    const attrs = args.attrs ?? {}
    const transposeA = attrs.transposeA === true
    const transposeB = attrs.transposeB === true
    if (!transposeA && !transposeB) return plain(args)

    const backend = args.backend as tfjs.KernelBackend
    const explicit = (x: tfjs.TensorInfo): tfjs.TensorInfo =>
      transposeFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as tfjs.TensorInfo
    const a = transposeA ? explicit(args.inputs.a as tfjs.TensorInfo) : (args.inputs.a as tfjs.TensorInfo)
    const b = transposeB ? explicit(args.inputs.b as tfjs.TensorInfo) : (args.inputs.b as tfjs.TensorInfo)
    try {
      return plain({ ...args, inputs: { ...args.inputs, a, b }, attrs: { ...attrs, transposeA: false, transposeB: false } })
    } finally {
      // The transposed copies never reach the engine, so the backend frees them here.
      if (transposeA) backend.disposeData(a.dataId)
      if (transposeB) backend.disposeData(b.dataId)
    }
  }
  wrappers.add(kernelFunc)
  tf.unregisterKernel('BatchMatMul', 'wasm')
  tf.registerKernel({ ...original, kernelFunc })
  return true
}
