import { describe, expect, it } from 'vitest'
import { runCli } from '../../../support/cli'

describe('regstudio bench', () => {
  it('prints per-thread-count wasm step timings and the target as JSON', async () => {
    const args = ['bench', '--backend', 'wasm', '--batch', '128', '--repeats', '1', '--threads', '1', '--no-imports']
    const r = await runCli([...args, '--peer', '--python', '/no/such/python3'], {
      timeoutMs: 120_000
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('bench: wasm (1 thread)...')
    const output = JSON.parse(r.stdout)
    expect(output.unavailable).toEqual([])
    expect(output.results).toHaveLength(1)
    const [timing] = output.results
    expect(timing).toMatchObject({ backend: 'wasm', threads: 1, batch: 128 })
    expect(timing.msPerStep).toBeGreaterThan(0)
    // msPerStep is printed rounded to 0.01 ms; samples/s comes from the unrounded figure.
    expect(timing.samplesPerSec / ((128 * 1000) / timing.msPerStep)).toBeCloseTo(1, 2)
    expect(timing.gflops).toBeGreaterThan(0)
    expect(output.targets.wasmMsPerStepBatch128).toEqual({ target: 20, best: timing.msPerStep, met: timing.msPerStep <= 20 })
    expect(output.peakRssMB.trainers['wasm-1t']).toBeGreaterThan(50)
    expect(output.imports).toBeUndefined()
    // Without PyTorch the peer says why, and there is no ratio to report.
    expect(output.pytorchPeer.unavailable).toMatch(/^\/no\/such\/python3 .*peer-pytorch\.py: not found \(Debian: apt-get install python3-torch libopenblas0-pthread\)$/)
    expect(output.targets.wasmOverPytorch).toBeUndefined()
  })

  it('refuses a thread count that is not a whole number', async () => {
    const r = await runCli(['bench', '--threads', '0'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe('regstudio bench: --threads takes whole numbers, e.g. 1,2')
  })

  it('refuses study repeats without the study, or out of range, before timing anything', async () => {
    const without = await runCli(['bench', '--study-repeats', '5'])
    expect([without.code, without.stderr.trim()]).toEqual([2, 'regstudio bench: --study-repeats needs --study'])
    const zero = await runCli(['bench', '--study', '--study-repeats', '0'])
    expect([zero.code, zero.stderr.trim()]).toEqual([2, 'regstudio bench: --study-repeats must be a whole number from 1 to 100, got 0'])
  })
})
