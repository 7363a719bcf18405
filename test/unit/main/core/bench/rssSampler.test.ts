import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { RssSampler } from '../../../../../src/main/core/bench/rssSampler'

describe.runIf(process.platform === 'linux')('RssSampler', () => {
  it('counts a child process that holds 200 MB', async () => {
    const sampler = new RssSampler()
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(200 * 2 ** 20, 1); setTimeout(() => b.length, 1500)'])
    await new Promise((resolve) => child.on('exit', resolve))
    const peaks = sampler.stop()
    expect(peaks.available).toBe(true)
    expect(peaks.childMB).toBeGreaterThanOrEqual(200)
    expect(peaks.totalMB).toBeGreaterThanOrEqual(peaks.childMB)
    expect(peaks.hostMB).toBeGreaterThan(0)
    // Stopping twice gives the same figures.
    expect(sampler.stop()).toEqual(peaks)
  })
})
