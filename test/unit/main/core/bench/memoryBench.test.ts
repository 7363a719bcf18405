import { describe, expect, it } from 'vitest'
import { runMemoryBench } from '../../../../../src/main/core/bench/memoryBench'

describe('runMemoryBench', () => {
  it('leaves no tensors and no growing memory after consecutive runs', async () => {
    const result = await runMemoryBench({ backend: 'wasm', runs: 4, examples: 512 })
    expect(result.backend).toBe('wasm')
    expect(result.runs.map((r) => r.run)).toEqual([1, 2, 3, 4])
    expect(result.runs.map((r) => r.tensors)).toEqual([0, 0, 0, 0])
    expect(result.tensorGrowth).toBe(0)
    expect(result.rssGrowthMB).toBeLessThan(30)
    for (const run of result.runs) {
      expect(run.rssMB).toBeGreaterThan(0)
      expect(run.wasmHeapMB).toBeGreaterThan(0)
    }
    expect(result.peakRssMB).toBeGreaterThanOrEqual(Math.max(...result.runs.map((r) => r.rssMB)) - 1)
  })
})
