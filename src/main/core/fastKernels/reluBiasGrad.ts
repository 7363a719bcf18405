/**
 * A ReLU dense layer's backward up to its products, dz = dy * (y > 0) and db = sum of dz's rows, as
 * one kernel (reluBiasGradCode.ts on wasm, a loop on cpu) instead of TF.js's Step, Mul and Sum.
 */
import type * as tfjs from '@tensorflow/tfjs'
import { cpuKernel, wasmHeap } from './heap'
import { RELU_BIAS_GRAD } from './reluBiasGradOp'

export { RELU_BIAS_GRAD, reluBiasGrad, reluBiasGradPlain } from './reluBiasGradOp'

type Tf = typeof tfjs
type KernelArgs = Parameters<tfjs.KernelConfig['kernelFunc']>[0]

function wasmKernel({ inputs, backend }: KernelArgs): tfjs.TensorInfo[] {
  const { dy, y } = inputs as Record<string, tfjs.TensorInfo>
  const [m, n] = dy.shape
  const heap = wasmHeap(backend)
  const outputs = [heap.output([m, n]), heap.output([n])]
  const [dz, db] = outputs.map(heap.offset)
  heap.kernels.reluBiasGrad(heap.offset(dy), heap.offset(y), dz, db, m, n)
  return outputs
}

/** TF.js's cpu Sum adds in a double and rounds once: the same here, so cpu results stay as they were. */
function cpuKernelFunc({ inputs, backend }: KernelArgs): tfjs.TensorInfo[] {
  const { dy, y } = inputs as Record<string, tfjs.TensorInfo>
  const [m, n] = dy.shape
  return cpuKernel(backend, [dy, y], [[m, n], [n]], ([d, out], [dz, db]) => {
    const sums = new Float64Array(n)
    for (let i = 0; i < m * n; i += n) {
      for (let j = 0; j < n; j++) {
        dz[i + j] = d[i + j] * (out[i + j] > 0 ? 1 : 0)
        sums[j] += dz[i + j]
      }
    }
    db.set(sums)
  })
}

/** Registers the fused kernel on the wasm and cpu backends; safe to call more than once. */
export function registerReluBiasGrad(tf: Tf): void {
  const kernels = { wasm: wasmKernel, cpu: cpuKernelFunc }
  for (const [backendName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(RELU_BIAS_GRAD, backendName)) tf.registerKernel({ kernelName: RELU_BIAS_GRAD, backendName, kernelFunc })
  }
}
