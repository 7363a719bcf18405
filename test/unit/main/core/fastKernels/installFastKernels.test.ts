import type * as tfjs from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { installFastKernels } from '../../../../../src/main/core/fastKernels'
import { KERNEL_PENALTY, KERNEL_PENALTY_GRAD } from '../../../../../src/main/core/fastKernels/kernelPenalty'
import { chooseKernelVariant } from '../../../../../src/main/core/fastKernels/kernelVariant'
import { RMSPROP_UPDATE } from '../../../../../src/main/core/fastKernels/rmspropUpdate'
import { hasWasmMatmulFix } from '../../../../../src/main/core/fastKernels/wasmMatmul'
import { selectBackend } from '../../../../../src/main/core/training/backend'

/** Every kernel registered for the two backends, in registration order (a re-registration moves one to the end). */
function registered(tf: typeof tfjs): tfjs.KernelConfig[] {
  return [...tf.getKernelsForBackend('wasm'), ...tf.getKernelsForBackend('cpu')]
}

function expectSameKernels(tf: typeof tfjs, before: tfjs.KernelConfig[]): void {
  const after = registered(tf)
  expect(after).toHaveLength(before.length)
  after.forEach((kernel, i) => expect(kernel, `${kernel.kernelName} on ${kernel.backendName}`).toBe(before[i]))
}

// Runs in a process of its own (vitest's forks pool), so the first call below is the process's first.
describe('installFastKernels', () => {
  it('registers the kernels on the first call and nothing on later calls, which only activate', async () => {
    const { tf } = await selectBackend('cpu')
    for (const backend of ['wasm', 'cpu']) {
      for (const kernel of [RMSPROP_UPDATE, KERNEL_PENALTY, KERNEL_PENALTY_GRAD]) {
        expect(tf.getKernel(kernel, backend), `${kernel} on ${backend}`).toBeDefined()
      }
    }

    // A kernel taken away after the first call stays away: a second call registers nothing.
    const penaltyOnCpu = tf.getKernel(KERNEL_PENALTY, 'cpu')
    tf.unregisterKernel(KERNEL_PENALTY, 'cpu')
    let activations = 0
    const activate = async (): Promise<void> => {
      activations += 1
      expect(await tf.setBackend('cpu')).toBe(true)
    }
    expect(await installFastKernels(tf, { backend: 'cpu', activate })).toEqual({ threads: 1, kernel: 'js' })
    expect(activations).toBe(1)
    expect(tf.getKernel(KERNEL_PENALTY, 'cpu')).toBeUndefined()
    tf.registerKernel(penaltyOnCpu)
  })

  it('replaces the wasm product kernel at the first wasm choice, and only then', async () => {
    const first = await selectBackend('wasm')
    const tf = first.tf
    expect(tf.getBackend()).toBe('wasm')
    expect(hasWasmMatmulFix(tf)).toBe(true)
    const before = registered(tf)

    const second = await selectBackend('wasm')
    expect(second.choice.threads).toBe(first.choice.threads)
    const activate = async (): Promise<void> => {
      expect(await tf.setBackend('wasm')).toBe(true)
    }
    // The first wasm choice fixed the threads and the product code; asking for others changes nothing.
    const other = chooseKernelVariant() === 'simd' ? 'relaxed-simd-fma' : 'simd'
    expect(await installFastKernels(tf, { backend: 'wasm', threads: 1, kernel: other, activate })).toEqual({
      threads: first.choice.threads,
      kernel: chooseKernelVariant()
    })
    await installFastKernels(tf, { backend: 'cpu', activate: async () => void (await tf.setBackend('cpu')) })
    expectSameKernels(tf, before)
  })
})
