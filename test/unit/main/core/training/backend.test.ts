import { describe, expect, it } from 'vitest'
import { UserError } from '../../../../../src/shared/errors'
import { defaultWasmThreads, failureReason, selectBackend } from '../../../../../src/main/core/training/backend'
import { chooseKernelVariant } from '../../../../../src/main/core/fastKernels/kernelVariant'
import { hasWasmMatmulFix } from '../../../../../src/main/core/fastKernels/wasmMatmul'

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg)
    return true
  } catch {
    return false
  }
}

// The native packages cannot be installed on the development machine; where they are, the
// fallback expectations below do not apply.
const nativeMissing = !installed('@tensorflow/tfjs-node-gpu') && !installed('@tensorflow/tfjs-node')

describe('selectBackend', () => {
  it.runIf(nativeMissing)('auto falls back to wasm and names each missing native package', async () => {
    const { tf, choice } = await selectBackend('auto')
    expect(choice).toEqual({
      name: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      reason: `auto: tfjs-node-gpu: not installed; tfjs-node: not installed; wasm: ok, ${chooseKernelVariant()} kernels`,
      threads: defaultWasmThreads()
    })
    expect(tf.getBackend()).toBe('wasm')
    expect(hasWasmMatmulFix(tf)).toBe(true)
    expect(Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync())).toEqual([11])

    // A product large enough to be spread over the threads (on a machine with more than one core).
    const [m, k, n] = [64, 300, 100]
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i))
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i))
    const product = tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync()
    let worst = 0
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0
        for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j]
        worst = Math.max(worst, Math.abs(sum - product[i * n + j]))
      }
    expect(worst).toBeLessThan(1e-3)
  })

  it.runIf(nativeMissing)('forcing tensorflow without the native packages is a UserError with the reasons', async () => {
    const error = await selectBackend('tensorflow').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe('BACKEND_UNAVAILABLE')
    expect((error as UserError).message).toContain('tfjs-node-gpu: not installed; tfjs-node: not installed')
    expect((error as UserError).details).toEqual({
      requested: 'tensorflow',
      reasons: ['tfjs-node-gpu: not installed', 'tfjs-node: not installed']
    })
  })

  it('forcing cpu or wasm switches to that backend', async () => {
    const cpu = await selectBackend('cpu')
    expect(cpu.choice).toMatchObject({ name: 'cpu', reason: 'forced: cpu: ok', threads: 1 })
    expect(cpu.tf.getBackend()).toBe('cpu')
    const wasm = await selectBackend('wasm')
    expect(wasm.choice).toMatchObject({ name: 'wasm', reason: `forced: wasm: ok, ${chooseKernelVariant()} kernels` })
    expect(wasm.tf.getBackend()).toBe('wasm')
  })

  it.runIf(nativeMissing)("the desktop app's staged ladder stops at webgpu, then resumes after the rungs tried elsewhere", async () => {
    const stopped = await selectBackend('auto', { ladder: { tried: [], stopAtWebgpu: true } }).catch((e: unknown) => e)
    expect((stopped as UserError).details).toEqual({ requested: 'auto', reasons: ['tfjs-node-gpu: not installed', 'tfjs-node: not installed'] })
    const resumed = await selectBackend('auto', { ladder: { tried: ['tfjs-node-gpu: broken', 'tfjs-node: not installed', 'webgpu: no WebGPU adapter'] } })
    expect(resumed.choice.name).toBe('wasm')
    expect(resumed.choice.reason).toMatch(/^auto: tfjs-node-gpu: broken; tfjs-node: not installed; webgpu: no WebGPU adapter; wasm: ok, (relaxed-simd-fma|simd) kernels$/)
  })

  it('refuses webgpu in a trainer process: it trains in a window of the desktop app', async () => {
    const error = await selectBackend('webgpu').catch((e: unknown) => e)
    expect((error as UserError).details).toEqual({ requested: 'webgpu', reasons: ["webgpu: trains only in the desktop app's trainer window"] })
  })

  it('rejects an unknown request', async () => {
    await expect(selectBackend('gpu' as never)).rejects.toThrow(/Unknown backend 'gpu'/)
  })
})

describe('failureReason', () => {
  it('says "not installed" only when the package itself is missing', () => {
    const missing = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'\nRequire stack:\n- x.js"), {
      code: 'MODULE_NOT_FOUND'
    })
    expect(failureReason('@tensorflow/tfjs-node', missing)).toBe('not installed')
    const binding = Object.assign(
      new Error("Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'\nRequire stack:"),
      { code: 'MODULE_NOT_FOUND' }
    )
    expect(failureReason('@tensorflow/tfjs-node', binding)).toBe(
      "Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'"
    )
    expect(failureReason('@tensorflow/tfjs-node-gpu', new Error('libcudart.so.11.0: cannot open shared object file\n    at x'))).toBe(
      'libcudart.so.11.0: cannot open shared object file'
    )
  })
})
