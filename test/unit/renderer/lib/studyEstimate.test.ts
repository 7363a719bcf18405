import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import type { RunRecord } from '../../../../src/shared/results'
import { describeEstimate, roughDuration } from '../../../../src/renderer/src/lib/studyEstimate'
import { item } from './runFixtures'

const specs = structuredClone(PRESETS.seed)

describe('roughDuration', () => {
  it('rounds to minutes, with hours past the hour', () => {
    expect(roughDuration(20_000)).toBe('a minute')
    expect(roughDuration(35 * 60_000 + 10_000)).toBe('about 35 min')
    expect(roughDuration(80 * 60_000)).toBe('about 1 h 20 min')
    expect(roughDuration(120 * 60_000)).toBe('about 2 h')
  })
})

describe('describeEstimate', () => {
  const base = { specs, repeats: 5, trainImages: 60_000, cores: 2, lanes: 1, backend: 'auto' as const, records: [] as RunRecord[] }

  it('counts variants × repeats and says the laptop speed is assumed without earlier runs', () => {
    expect(describeEstimate(base)).toMatch(/^25 runs \(5 variants × 5 repeats\), at most about \d+ (h|min).* at the speed of a 2-core laptop$/)
  })

  it('leaves the repeats out for one, and uses earlier finished runs when there are some', () => {
    const earlier: RunRecord = {
      ...item('r1').record,
      status: 'finished',
      msPerStep: 5,
      backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', threads: 2, reason: 'test' }
    }
    const text = describeEstimate({ ...base, repeats: 1, records: [earlier] })
    expect(text).toMatch(/^5 runs \(5 variants\), at most .* at the speed of earlier runs here$/)
    // Runs of another backend say nothing of this one's speed.
    expect(describeEstimate({ ...base, backend: 'cpu', records: [earlier] })).toMatch(/2-core laptop$/)
  })
})
