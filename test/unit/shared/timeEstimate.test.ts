import { describe, expect, it } from 'vitest'
import { getPreset } from '../../../src/shared/presets'
import type { RunRecord } from '../../../src/shared/results'
import { estimateStudy, measuredSpeed, planEstimate, trainersOf, type TrainingSpeed } from '../../../src/shared/timeEstimate'

const seed = getPreset('seed')
const [baseline, , , , earlystopping] = seed
const SEED_STEP = 128 * 669_706
const RUN_OVERHEAD_MS = { low: 2_000, high: 5_000 }

function finished(msPerStep: number, threads: number, createdAt: string, backend = 'wasm'): RunRecord {
  return {
    id: createdAt,
    name: 'baseline',
    spec: baseline,
    dataset: { source: 's', fingerprint: 'f', train: 54_000, validation: 6_000, test: 10_000 },
    backend: { name: backend as 'wasm', package: 'p', reason: 'r', threads },
    status: 'finished',
    createdAt,
    epochsRun: 10,
    msPerStep
  }
}

/** A speed of `ms` per 128-example step of the seed network, at both ends. */
const fixed = (ms: number): TrainingSpeed => ({
  msPerExampleWeight: { low: ms / SEED_STEP, high: ms / SEED_STEP },
  overheadMs: RUN_OVERHEAD_MS,
  basis: 'measured',
  from: 1
})
const inSteps = (speed: TrainingSpeed): [number, number] => [speed.msPerExampleWeight.low * SEED_STEP, speed.msPerExampleWeight.high * SEED_STEP]

describe('measuredSpeed', () => {
  const records = [
    finished(22, 1, '2026-01-01'),
    finished(24, 1, '2026-01-02'),
    finished(26, 1, '2026-01-03'),
    finished(28, 1, '2026-01-04'),
    finished(11, 2, '2026-01-05'),
    finished(90, 1, '2026-01-06', 'cpu')
  ]

  it('takes the middle half of the newest runs on the backend and thread count, widened by 10 %', () => {
    const speed = measuredSpeed(records, { backend: 'wasm', threads: 1 })
    expect(speed).toMatchObject({ basis: 'measured', from: 4, backend: 'wasm', threads: 1 })
    // Quartiles of 22, 24, 26, 28 ms are 23.5 and 26.5: × 0.9 and × 1.1.
    expect(inSteps(speed)[0]).toBeCloseTo(21.15, 6)
    expect(inSteps(speed)[1]).toBeCloseTo(29.15, 6)
  })

  it('widens a lone run by 20 %, and scales other thread counts when none matches', () => {
    expect(inSteps(measuredSpeed(records, { backend: 'wasm', threads: 2 }))).toEqual([expect.closeTo(8.8, 6), expect.closeTo(13.2, 6)])
    // On 4 threads: 11 ms on 2 counts as 5.5, 22 ms on 1 as 5.5 too.
    const four = measuredSpeed([finished(22, 1, '2026-01-01'), finished(11, 2, '2026-01-02')], { backend: 'wasm', threads: 4 })
    expect(four.threads).toBeUndefined()
    expect(inSteps(four)).toEqual([expect.closeTo(5.5 * 0.9, 6), expect.closeTo(5.5 * 1.1, 6)])
  })

  it('measures a run\'s overhead as its wall time less its steps and passes', () => {
    // 54,000 + 6,000 images, 10 epochs: 4,220 steps at 10 ms, and 60,000 + 54,000 + 10,000 forward images
    // at a third of 10/128 ms each; the run took 50 s from start to end.
    const work = 4220 * 10 + (124_000 * 10) / 128 / 3
    const run = { ...finished(10, 2, '2026-01-01'), startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:50.000Z' }
    const speed = measuredSpeed([run], { backend: 'wasm', threads: 2 })
    expect(speed.overheadMs.low).toBeCloseTo((50_000 - work) * 0.8, 3)
    expect(speed.overheadMs.high).toBeCloseTo((50_000 - work) * 1.2, 3)
    // A worker's run started when it was queued: its trainer's own 48 s tell, not the 10 min it waited.
    const queued = { ...run, endedAt: '2026-01-01T00:10:00.000Z', seconds: 48, ranOn: { host: 'w', pid: 1, backend: 'wasm' as const, threads: 2, attempts: 1 } }
    expect(measuredSpeed([queued], { backend: 'wasm' }).overheadMs.high).toBeCloseTo((48_000 - work) * 1.2, 3)
    // Runs with no timings: the assumption.
    expect(measuredSpeed([finished(10, 2, '2026-01-01')], { threads: 2 }).overheadMs).toEqual({ low: 2_000, high: 7_000 })
  })

  it("goes by the newest run's backend for 'auto', and states the assumption with no runs", () => {
    expect(measuredSpeed(records, { threads: 1 })).toMatchObject({ backend: 'cpu', from: 1 })
    const none = measuredSpeed([], { threads: 1 })
    expect(none).toMatchObject({ basis: 'default', from: 0 })
    expect(inSteps(none)).toEqual([expect.closeTo(16, 6), expect.closeTo(48, 6)])
    expect(inSteps(measuredSpeed([], { threads: 2 }))).toEqual([expect.closeTo(11, 6), expect.closeTo(33, 6)])
  })
})

describe('estimateStudy', () => {
  const size = { specs: [baseline], repeats: 1, trainImages: 1000, testImages: 200 }
  // 100 held out, 900 trained: 8 steps of 128 per epoch, 10 epochs, 10 ms each = 800 ms; forward passes
  // over 10 × 100 validation + 900 train + 200 test images at a third of a step's cost per image.
  const work = 800 + (2100 * 10) / 128 / 3
  const local = { kind: 'local' as const, lanes: 2, cores: 2 }

  it('counts training steps, validation each epoch and the final evaluation, plus the run overhead', () => {
    const one = estimateStudy(size, fixed(10), local)
    expect(one).toMatchObject({ runs: 1, parallel: 1, earlyStopping: false, queued: 0 })
    expect(one.ms?.low).toBeCloseTo(work + RUN_OVERHEAD_MS.low, 6)
    expect(one.ms?.high).toBeCloseTo(work + RUN_OVERHEAD_MS.high, 6)
  })

  it('spreads the runs over the trainers that truly run at once', () => {
    const run = work + RUN_OVERHEAD_MS.high
    // 5 runs on 2 lanes: three rounds.
    expect(estimateStudy({ ...size, repeats: 5 }, fixed(10), local).ms?.high).toBeCloseTo(3 * run, 6)
    // A queue's 1000 lanes are not 1000 trainers: 2 workers train 10 runs in five rounds.
    const queue = estimateStudy({ ...size, repeats: 10 }, fixed(10), { kind: 'queue', lanes: 1000, workers: 2, waiting: 3, active: 1 })
    expect(queue).toMatchObject({ parallel: 2, queued: 4, onQueue: true })
    expect(queue.ms?.high).toBeCloseTo(5 * run, 6)
    // No worker known: no total, but one run's time.
    const unknown = estimateStudy({ ...size, repeats: 10 }, fixed(10), { kind: 'queue', lanes: 1000, workers: null })
    expect(unknown).toMatchObject({ parallel: null, ms: null })
    expect(unknown.perRunMs.high).toBeCloseTo(run, 6)
  })

  it('lets early stopping end a run at patience + 1 epochs at the low end', () => {
    const est = estimateStudy({ ...size, specs: [earlystopping] }, fixed(10), local)
    expect(est.earlyStopping).toBe(true)
    // patience 3: 4 of the 50 epochs, 8 steps each, then 4 × 100 validation + 900 + 200 images.
    expect(est.ms?.low).toBeCloseTo(4 * 8 * 10 + (1500 * 10) / 128 / 3 + RUN_OVERHEAD_MS.low, 6)
    expect(est.ms?.high).toBeCloseTo(50 * 8 * 10 + (6100 * 10) / 128 / 3 + RUN_OVERHEAD_MS.high, 6)
  })

  it('takes the speed for the threads each trainer will get', () => {
    const records = [finished(20, 1, '2026-01-01'), finished(10, 2, '2026-01-02')]
    // Two runs on two lanes of two cores: one thread each, so the 20 ms run tells the speed.
    expect(planEstimate({ ...size, repeats: 2 }, records, local, 'wasm').speed).toMatchObject({ threads: 1, from: 1 })
    // A lone run gets both cores.
    expect(planEstimate(size, records, local, 'wasm').speed).toMatchObject({ threads: 2, from: 1 })
  })
})

describe('trainersOf', () => {
  it("reads the workers from the host's queue status", () => {
    const host = { lanes: 1000, cores: 2 }
    expect(trainersOf(host, null)).toEqual({ kind: 'local', lanes: 1000, cores: 2 })
    expect(trainersOf(host, { mode: 'queue', workers: ['a:1', 'b:2'], waiting: 0, active: 0 })).toMatchObject({ kind: 'queue', workers: 2 })
    expect(trainersOf(host, { mode: 'queue', workers: [] })).toMatchObject({ kind: 'queue', workers: null })
  })
})
