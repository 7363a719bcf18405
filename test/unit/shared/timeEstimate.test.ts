import { describe, expect, it } from 'vitest'
import { getPreset } from '../../../src/shared/presets'
import type { RunRecord } from '../../../src/shared/results'
import { estimateStudy, measuredSpeed } from '../../../src/shared/timeEstimate'

const seed = getPreset('seed')
const SEED_WEIGHTS = 669_706

function finished(msPerStep: number, threads: number, createdAt: string, backend = 'wasm'): RunRecord {
  return {
    id: createdAt,
    name: 'baseline',
    spec: seed[0],
    dataset: { source: 's', fingerprint: 'f', train: 54_000, validation: 6_000, test: 10_000 },
    backend: { name: backend as 'wasm', package: 'p', reason: 'r', threads },
    status: 'finished',
    createdAt,
    epochsRun: 10,
    msPerStep
  }
}

describe('study time estimate', () => {
  it('counts a run on part of the cores as that part of the machine, and takes the median', () => {
    // 22 ms on 1 of 2 cores is 11 ms of the whole machine, like 11 ms on 2 of 2.
    const speed = measuredSpeed([finished(22, 1, '2026-01-01'), finished(11, 2, '2026-01-02'), finished(40, 2, '2026-01-03', 'cpu')], 2, 'wasm')
    expect(speed.basis).toBe('measured')
    expect(speed.msPerExampleWeight * 128 * SEED_WEIGHTS).toBeCloseTo(11, 6)
    expect(measuredSpeed([], 2).basis).toBe('default')
  })

  it('sums the runs of every repeat, with at most every epoch of early stopping', () => {
    const speed = { msPerExampleWeight: 11 / (128 * SEED_WEIGHTS), basis: 'default' as const }
    const one = estimateStudy({ specs: seed.slice(0, 1), repeats: 1, trainImages: 60_000, lanes: 1 }, speed)
    // 54,000 examples: 422 steps of 128 per epoch, 10 epochs, 11 ms each, plus the run's 2 s overhead.
    expect(one).toEqual({ runs: 1, ms: expect.closeTo(422 * 10 * 11 + 2000, 6) })
    const study = estimateStudy({ specs: seed, repeats: 5, trainImages: 60_000, lanes: 2 }, speed)
    expect(study.runs).toBe(25)
    // 4 variants of 10 epochs and early stopping's 50, five times; the overhead overlaps on 2 lanes.
    expect(study.ms).toBeCloseTo(5 * 422 * 90 * 11 + (25 * 2000) / 2, 3)
    // A lone run has no other run to overlap its overhead with.
    expect(estimateStudy({ specs: seed.slice(0, 1), repeats: 1, trainImages: 60_000, lanes: 2 }, speed).ms).toBeCloseTo(one.ms, 6)
  })
})
