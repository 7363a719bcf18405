import { describe, expect, it } from 'vitest'
import { runStepBench } from '../../../../../src/main/core/bench/stepBench'

describe('runStepBench', () => {
  it('times wasm steps in a process of its own, naming the kernel variant it ran, with wall and CPU time', async () => {
    const { choice, results } = await runStepBench({ backend: 'wasm', threads: 1, batchSizes: [16], steps: 2, repeats: 1 })
    // Bench processes are started like trainers: relaxed SIMD on, so the FMA products by default.
    expect(choice.reason).toBe('forced: wasm: ok, relaxed-simd-fma kernels')
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ backend: 'wasm', threads: 1, kernel: 'relaxed-simd-fma', batch: 16 })
    expect(results[0].msPerStep).toBeGreaterThan(0)
    expect(results[0].cpuMsPerStep).toBeGreaterThan(0)

    expect(results[0].steps).toBe(2)

    // Samples of at least 48 images: 3 steps at batch 16, the 2 asked for at batch 32.
    const plain = await runStepBench({ backend: 'wasm', threads: 1, kernel: 'simd', batchSizes: [16, 32], steps: 2, sampleImages: 48, repeats: 1 })
    expect(plain.results.map((r) => [r.kernel, r.batch, r.steps])).toEqual([
      ['simd', 16, 3],
      ['simd', 32, 2]
    ])
  })
})
