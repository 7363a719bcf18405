import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { defaultPeerPython, parsePeerOutput, runPeerBench } from '../../../../../src/main/core/bench/peerBench'

function hasTorch(): boolean {
  try {
    execFileSync(defaultPeerPython(), ['-c', 'import torch'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('the PyTorch peer benchmark', () => {
  it("reads the script's JSON line and refuses anything else", () => {
    expect(parsePeerOutput('warming up\n{"msPerStep": 16.59, "threads": 2, "steps": 100}\n')).toEqual({ msPerStep: 16.59, threads: 2, steps: 100 })
    for (const bad of ['', 'Segmentation fault', '{"msPerStep": -1, "threads": 2, "steps": 100}', '{"msPerStep": 3, "threads": 2}']) {
      expect(parsePeerOutput(bad), bad).toBeNull()
    }
  })

  it('says why it cannot run instead of failing the bench', async () => {
    const result = await runPeerBench({ threads: 1, steps: 1, python: '/no/such/python3' })
    expect(result).toEqual({ unavailable: expect.stringMatching(/^\/no\/such\/python3 .*: not found \(Debian: apt-get install python3-torch libopenblas0-pthread\)$/) })
  })

  it.skipIf(!hasTorch())('times the same network in PyTorch where python3-torch is installed', async () => {
    const result = await runPeerBench({ threads: 1, steps: 5 })
    expect(result).toMatchObject({ threads: 1, steps: 5 })
    expect('msPerStep' in result && result.msPerStep).toBeGreaterThan(0)
  })
})
