/**
 * A followed job's events reach the run's log once and in order: an epoch whose predecessor's event was
 * lost (or sent while no host listened) waits for the result, and a host that adopts a job catches up
 * with its latest event and its end.
 */
import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '../../../../../src/shared/results'
import { TrackedRun, type FollowContext, type JobState } from '../../../../../src/main/core/queue/trackedRun'
import { smallSpec } from '../../../../support/synthetic'

const epoch = (n: number): EpochMetrics => ({ epoch: n, loss: 1 / n, accuracy: 0.5 + n / 100, ms: 10 })
const worker = { host: 'box', pid: 42 }
const backend = { name: 'wasm' as const, package: '@tensorflow/tfjs-backend-wasm', reason: 'forced', threads: 1 }
const evaluation = { trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.6, testAccuracy: 0.7, confusion: [[1]], perClassAccuracy: [1], samples: [], misclassified: [], weights: [] }
const job = { runId: 'r1', spec: smallSpec({ epochs: 3 }), datasetFile: '/d.rsds', splitSeed: 1, backend: 'wasm' as const }

function context(state: JobState | undefined, history = [1, 2, 3].map(epoch)): FollowContext {
  const value = {
    worker,
    backend,
    status: 'finished',
    modelFiles: [],
    outcome: { history, bestEpoch: 3, epochsRun: 3, stoppedEarly: false, cancelled: false, msPerStep: 5, seconds: 1, evaluation }
  }
  return {
    where: 'redis://127.0.0.1:1',
    completion: async () => ({ value, attemptsStarted: 1, remove: async () => undefined }),
    current: async () => state,
    collectModel: async () => undefined
  }
}

describe('TrackedRun', () => {
  it('holds back an epoch after a lost one until the result brings every epoch, in order', async () => {
    const logged: number[] = []
    const run = new TrackedRun('j1', job, { onEpoch: (m) => void logged.push(m.epoch) }, context(undefined))
    run.signal({ type: 'progress', data: { kind: 'start', attempt: 'a', worker } })
    run.signal({ type: 'progress', data: { kind: 'epoch', attempt: 'a', metrics: epoch(1) } })
    run.signal({ type: 'progress', data: { kind: 'epoch', attempt: 'a', metrics: epoch(3) } })
    run.signal({ type: 'completed' })
    const result = await run.result
    expect(logged).toEqual([1, 2, 3])
    expect(result).toMatchObject({ status: 'finished', ranOn: { host: 'box', pid: 42, attempts: 1 } })
  })

  it('adopts a running job from the epochs its log holds, taking its latest event as the attempt under way', async () => {
    const logged: number[] = []
    const progress: number[] = []
    const latest = { kind: 'progress', attempt: 'b', progress: { epoch: 2, epochs: 3, batch: 5, batches: 9, loss: 1, accuracy: 0.5, msPerStep: 4, etaMs: 100 } }
    const run = new TrackedRun('j1', job, { onEpoch: (m) => void logged.push(m.epoch), onProgress: (p) => void progress.push(p.batch) }, context({ state: 'active', progress: latest, attemptsStarted: 1, failedReason: '' }), [epoch(1)])
    run.signal({ type: 'adopt' })
    run.signal({ type: 'progress', data: { kind: 'epoch', attempt: 'b', metrics: epoch(2) } })
    // A stalled earlier attempt still talking is ignored.
    run.signal({ type: 'progress', data: { kind: 'epoch', attempt: 'old', metrics: epoch(3) } })
    run.signal({ type: 'completed' })
    await run.result
    expect(progress).toEqual([5])
    expect(logged).toEqual([2, 3])
  })

  it('ends an adopted job that finished or vanished while no host listened', async () => {
    const logged: number[] = []
    const done = new TrackedRun('j1', job, { onEpoch: (m) => void logged.push(m.epoch) }, context({ state: 'completed', progress: 0, attemptsStarted: 2, failedReason: '' }), [epoch(1), epoch(2)])
    done.signal({ type: 'adopt' })
    expect(await done.result).toMatchObject({ status: 'finished', ranOn: { attempts: 2 } })
    expect(logged).toEqual([3])

    const gone = new TrackedRun('j2', job, {}, context(undefined))
    gone.signal({ type: 'adopt' })
    expect(await gone.result).toMatchObject({ status: 'failed', error: 'its job is no longer in Redis at redis://127.0.0.1:1' })
  })
})
