import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import type { RunRecord } from '../../../../src/shared/results'
import { describeEstimate } from '../../../../src/renderer/src/lib/studyEstimate'
import { item } from './runFixtures'

const specs = structuredClone(PRESETS.seed)

describe('describeEstimate', () => {
  const base = {
    specs,
    repeats: 5,
    trainImages: 60_000,
    testImages: 10_000,
    cores: 2,
    lanes: 1,
    queue: null,
    backend: 'auto' as const,
    records: [] as RunRecord[]
  }

  it('counts variants × repeats and says the speed is assumed without earlier runs', () => {
    expect(describeEstimate(base)).toMatch(/^25 runs \(5 variants × 5 repeats\), about [\d–]+ (h|min).*, one run at a time, assuming .*no finished runs here yet\)$/)
  })

  it("takes the runs at once from the queue's workers, or says it depends on them", () => {
    const queue = { mode: 'queue' as const, workers: ['a:1', 'b:2', 'c:3'], waiting: 0, active: 0 }
    expect(describeEstimate({ ...base, lanes: 1000, queue })).toMatch(/, on 3 workers, /)
    expect(describeEstimate({ ...base, lanes: 1000, queue: { ...queue, workers: [] } })).toMatch(/per run; the total depends on the workers/)
  })

  it('leaves the repeats out for one, and uses earlier finished runs when there are some', () => {
    const earlier: RunRecord = {
      ...item('r1').record,
      status: 'finished',
      msPerStep: 5,
      backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', threads: 2, reason: 'test' }
    }
    const text = describeEstimate({ ...base, repeats: 1, records: [earlier] })
    expect(text).toMatch(/^5 runs \(5 variants\), about .* at the step time of the last 1 run here \(wasm, 2 threads each\)$/)
    // Runs of another backend say nothing of this one's speed.
    expect(describeEstimate({ ...base, backend: 'cpu', records: [earlier] })).toMatch(/no finished runs here yet\)$/)
  })
})
