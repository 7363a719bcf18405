import { describe, expect, it } from 'vitest'
import { durationRange, estimateWords } from '../../../src/shared/estimateWords'
import type { StudyEstimate } from '../../../src/shared/timeEstimate'

const MIN = 60_000

describe('durationRange', () => {
  it('rounds both ends to what a person plans with and shares the unit', () => {
    expect(durationRange({ low: 4 * MIN, high: 6.2 * MIN })).toBe('4–6 min')
    expect(durationRange({ low: 38_000, high: 2 * MIN })).toBe('40 s–2 min')
    expect(durationRange({ low: 12_000, high: 21_000 })).toBe('10–20 s')
    expect(durationRange({ low: 5.2 * MIN, high: 4.8 * MIN })).toBe('5 min')
    expect(durationRange({ low: 80 * MIN, high: 121 * MIN })).toBe('80 min–2 h')
    expect(durationRange({ low: 95 * MIN, high: 140 * MIN })).toBe('1 h 40 min–2 h 20 min')
  })
})

describe('estimateWords', () => {
  const estimate: StudyEstimate = {
    runs: 5,
    onQueue: false,
    parallel: 2,
    ms: { low: 4 * MIN, high: 6 * MIN },
    perRunMs: { low: MIN, high: 2 * MIN },
    earlyStopping: false,
    queued: 0,
    speed: { msPerExampleWeight: { low: 1, high: 2 }, overheadMs: { low: 1, high: 2 }, basis: 'measured', from: 5, backend: 'wasm', threads: 1 }
  }

  it('says the range, the runs at once and the measured speed it rests on', () => {
    expect(estimateWords(estimate)).toBe('about 4–6 min, 2 runs at a time, at the step time of the last 5 runs here (wasm, 1 thread each)')
  })

  it('says what early stopping does to the range, and states the assumption without runs', () => {
    const words = estimateWords({ ...estimate, parallel: 1, earlyStopping: true, speed: { ...estimate.speed, basis: 'default', from: 0 } })
    expect(words).toBe(
      'about 4–6 min (the low end if early stopping ends runs at its earliest), one run at a time, ' +
        'assuming the wasm speed of a 2-core machine, quiet to busy (no finished runs here yet)'
    )
  })

  it('on a queue: the workers, "at least" behind other jobs, and "depends on the workers" with none', () => {
    const queue = { ...estimate, onQueue: true, queued: 3 }
    expect(estimateWords(queue)).toMatch(/^at least 4–6 min, on 2 workers, after the 3 jobs already on the queue, at the step time/)
    expect(estimateWords({ ...queue, parallel: null, ms: null })).toMatch(
      /^about 1–2 min per run; the total depends on the workers \(none is connected to the queue now\), at the step time/
    )
  })
})
