/**
 * A dense kernel's regularizer penalty, l1 * sum|w| + l2 * sum w^2, as one kernel forward and one
 * backward (penaltyCode.ts on wasm, a loop on cpu) instead of TF.js's eight element-wise passes.
 */
import type * as tfjs from '@tensorflow/tfjs'
import { cpuKernel, wasmHeap } from './heap'

type Tf = typeof tfjs
type KernelArgs = Parameters<tfjs.KernelConfig['kernelFunc']>[0]

export const KERNEL_PENALTY = 'RegStudioKernelPenalty'
export const KERNEL_PENALTY_GRAD = 'RegStudioKernelPenaltyGrad'

interface PenaltyAttrs {
  l1: number
  l2: number
}

const size = (info: tfjs.TensorInfo): number => info.shape.reduce((a, b) => a * b, 1)

function wasmPenalty({ inputs, backend, attrs }: KernelArgs): tfjs.TensorInfo {
  const { w } = inputs as Record<string, tfjs.TensorInfo>
  const { l1, l2 } = attrs as unknown as PenaltyAttrs
  const heap = wasmHeap(backend)
  const out = heap.output([])
  heap.kernels.penalty(heap.offset(w), heap.offset(out), size(w), l1, l2)
  return out
}

function wasmPenaltyGrad({ inputs, backend, attrs }: KernelArgs): tfjs.TensorInfo {
  const { w, dy } = inputs as Record<string, tfjs.TensorInfo>
  const { l1, l2 } = attrs as unknown as PenaltyAttrs
  const heap = wasmHeap(backend)
  const out = heap.output(w.shape)
  heap.kernels.penaltyGrad(heap.offset(w), heap.offset(dy), heap.offset(out), size(w), l1, l2)
  return out
}

function cpuPenalty({ inputs, backend, attrs }: KernelArgs): tfjs.TensorInfo {
  const { w } = inputs as Record<string, tfjs.TensorInfo>
  const { l1, l2 } = attrs as unknown as PenaltyAttrs
  return cpuKernel(backend, [w], [[]], ([x], [out]) => {
    let absolute = 0
    let squares = 0
    for (let i = 0; i < x.length; i++) {
      absolute += Math.abs(x[i])
      squares += x[i] * x[i]
    }
    out[0] = l1 * absolute + l2 * squares
  })[0]
}

function cpuPenaltyGrad({ inputs, backend, attrs }: KernelArgs): tfjs.TensorInfo {
  const { w, dy } = inputs as Record<string, tfjs.TensorInfo>
  const { l1, l2 } = attrs as unknown as PenaltyAttrs
  return cpuKernel(backend, [w, dy], [w.shape], ([x, d], [out]) => {
    const a = d[0] * l1
    const b = d[0] * l2 * 2
    for (let i = 0; i < x.length; i++) out[i] = a * (x[i] > 0 ? 1 : -1) + b * x[i]
  })[0]
}

/** Registers both kernels on the wasm and cpu backends; safe to call more than once. */
export function registerKernelPenalty(tf: Tf): void {
  const kernels: [string, string, tfjs.KernelConfig['kernelFunc']][] = [
    [KERNEL_PENALTY, 'wasm', wasmPenalty],
    [KERNEL_PENALTY_GRAD, 'wasm', wasmPenaltyGrad],
    [KERNEL_PENALTY, 'cpu', cpuPenalty],
    [KERNEL_PENALTY_GRAD, 'cpu', cpuPenaltyGrad]
  ]
  for (const [kernelName, backendName, kernelFunc] of kernels) {
    if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc })
  }
}

/** The same penalty with TF.js's own kernels, as tfjs-layers' L1L2 regularizer computes it. */
export function kernelPenaltyPlain(tf: Tf, w: tfjs.Tensor, l1: number, l2: number): tfjs.Scalar {
  return tf.tidy(() => {
    let penalty: tfjs.Tensor = tf.scalar(0)
    if (l1 !== 0) penalty = tf.add(penalty, tf.sum(tf.mul(l1, tf.abs(w))))
    if (l2 !== 0) penalty = tf.add(penalty, tf.sum(tf.mul(l2, tf.square(w))))
    return penalty as tfjs.Scalar
  })
}

/** l1 * sum|w| + l2 * sum w^2, differentiable; the fused kernels where the current backend has them. */
export function kernelPenalty(tf: Tf, w: tfjs.Tensor, l1: number, l2: number): tfjs.Scalar {
  if (!tf.getKernel(KERNEL_PENALTY, tf.getBackend())) return kernelPenaltyPlain(tf, w, l1, l2)
  const attrs = { l1, l2 } as unknown as tfjs.NamedAttrMap
  const op = tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => {
    const [x, save] = args as [tfjs.Tensor, tfjs.GradSaveFunc]
    save([x])
    return {
      value: tf.engine().runKernel(KERNEL_PENALTY, { w: x } as unknown as tfjs.NamedTensorMap, attrs) as tfjs.Scalar,
      gradFunc: (dy, saved) =>
        tf.engine().runKernel(KERNEL_PENALTY_GRAD, { w: saved[0], dy } as unknown as tfjs.NamedTensorMap, attrs) as tfjs.Tensor
    }
  })
  return op(w) as tfjs.Scalar
}
