/**
 * RMSprop's update of one weight as a single kernel: one pass over the weight, its mean square and
 * its gradient instead of nine element-wise kernels, each with its own output buffer.
 */
import type * as tfjs from '@tensorflow/tfjs'
import { cpuKernel, wasmHeap } from './heap'
import { RMSPROP_UPDATE, type RmspropAttrs } from './rmspropUpdateOp'

export { RMSPROP_UPDATE, rmspropUpdate, rmspropUpdatePlain, type RmspropAttrs } from './rmspropUpdateOp'

type Tf = typeof tfjs

/**
 * The cpu backend's version: the plain kernels' arithmetic, in the same order and rounded to
 * float32 after each operation as they are, so it gives the same numbers:
 *   ms' = ms * rho + g^2 * (1 - rho);  w' = w - g * rsqrt(ms' + epsilon) * learningRate
 */
function update(w: Float32Array, ms: Float32Array, g: Float32Array, wOut: Float32Array, msOut: Float32Array, attrs: RmspropAttrs): void {
  const f = Math.fround
  const rho = f(attrs.rho)
  const rest = f(1 - attrs.rho)
  const epsilon = f(attrs.epsilon)
  const rate = f(attrs.learningRate)
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]
    const next = f(f(ms[i] * rho) + f(f(gi * gi) * rest))
    msOut[i] = next
    const scale = f(1 / f(Math.sqrt(f(next + epsilon))))
    wOut[i] = w[i] - f(f(gi * scale) * rate)
  }
}

type KernelArgs = Parameters<tfjs.KernelConfig['kernelFunc']>[0]

function wasmKernel({ inputs, backend, attrs }: KernelArgs): tfjs.TensorInfo[] {
  const { weight, meanSquare, gradient } = inputs as Record<string, tfjs.TensorInfo>
  const { learningRate, rho, epsilon } = attrs as unknown as RmspropAttrs
  const heap = wasmHeap(backend)
  const outputs = [heap.output(weight.shape), heap.output(weight.shape)]
  const size = weight.shape.reduce((a, b) => a * b, 1)
  const [w, ms, g, wOut, msOut] = [weight, meanSquare, gradient, ...outputs].map(heap.offset)
  heap.kernels.rmsprop(w, ms, g, wOut, msOut, size, learningRate, rho, 1 - rho, epsilon)
  return outputs
}

function cpuKernelFunc({ inputs, backend, attrs }: KernelArgs): tfjs.TensorInfo[] {
  const { weight, meanSquare, gradient } = inputs as Record<string, tfjs.TensorInfo>
  return cpuKernel(backend, [weight, meanSquare, gradient], [weight.shape, weight.shape], ([w, ms, g], [wOut, msOut]) =>
    update(w, ms, g, wOut, msOut, attrs as unknown as RmspropAttrs)
  )
}

/** Registers the fused kernel on the wasm and cpu backends; safe to call more than once. */
export function registerRmspropUpdate(tf: Tf): void {
  const kernels = { wasm: wasmKernel, cpu: cpuKernelFunc }
  for (const [backendName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(RMSPROP_UPDATE, backendName)) tf.registerKernel({ kernelName: RMSPROP_UPDATE, backendName, kernelFunc })
  }
}
