/**
 * A dense kernel's regularizer penalty, l1 * sum|w| + l2 * sum w^2, as one kernel forward and one
 * backward (penaltyCode.ts on wasm, a loop on cpu) instead of TF.js's eight element-wise passes.
 */
import type * as tfjs from '@tensorflow/tfjs'
import { cpuKernel, wasmHeap } from './heap'
import { KERNEL_PENALTY, KERNEL_PENALTY_GRAD } from './kernelPenaltyOp'

export { KERNEL_PENALTY, KERNEL_PENALTY_GRAD, kernelPenalty, kernelPenaltyPlain } from './kernelPenaltyOp'

type Tf = typeof tfjs
type KernelArgs = Parameters<tfjs.KernelConfig['kernelFunc']>[0]

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
