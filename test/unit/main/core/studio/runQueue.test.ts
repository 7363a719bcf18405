import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../../../../src/shared/results'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
import { localExecutor } from '../../../../../src/main/core/studio/localExecutor'
import { RunQueue } from '../../../../../src/main/core/studio/runQueue'
import type { HostMessage, TrainJob, WorkerMessage } from '../../../../../src/main/core/training/protocol'
import type { TrainerProcess } from '../../../../../src/main/core/training/trainerHost'
import { smallSpec } from '../../../../support/synthetic'

let dir: string
let store: RunStore

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-queue-'))
  store = new RunStore(dir)
  await store.init()
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A trainer that records its job and fails at once, so the queue moves on without TF.js. */
function recordingSpawn(jobs: TrainJob[]) {
  return (): TrainerProcess => {
    let onMessage: (m: WorkerMessage) => void = () => {}
    let onExit: (code: number | null, detail: string) => void = () => {}
    return {
      send: (m: HostMessage) => {
        if (m.type !== 'start') return
        jobs.push(m.job)
        setTimeout(() => {
          onMessage({ type: 'failed', error: 'not trained in this test' })
          onExit(1, '')
        }, 5)
      },
      onMessage: (l) => (onMessage = l),
      onExit: (l) => (onExit = l),
      kill: () => {}
    }
  }
}

async function queued(name: string): Promise<RunRecord> {
  return store.create({
    name,
    spec: smallSpec({ name }),
    dataset: { source: 's', fingerprint: 'f', train: 1, validation: 0, test: 1 },
    status: 'queued',
    epochsRun: 0
  })
}

describe('RunQueue', () => {
  it('gives a lone run every core and shares the cores among runs trained side by side', async () => {
    const jobs: TrainJob[] = []
    const queue = new RunQueue(store, localExecutor(recordingSpawn(jobs)), () => {}, 2)
    queue.enqueue({ record: await queued('alone'), datasetFile: 'x', splitSeed: 1, backend: 'cpu' })
    await queue.idle()
    const study = await Promise.all(['a', 'b', 'c'].map(async (name) => ({ record: await queued(name), datasetFile: 'x', splitSeed: 1, backend: 'cpu' as const })))
    queue.enqueue(...study)
    await queue.idle()
    const threads = Object.fromEntries(jobs.map((j) => [j.spec.name, j.threads]))
    expect(threads.alone).toBe(availableParallelism())
    expect(threads.a).toBe(Math.max(1, Math.floor(availableParallelism() / 2)))
    expect(jobs).toHaveLength(4)
  })

  it('starts repeats seed by seed, the longest run of each seed first when lanes share the machine', async () => {
    const jobs: TrainJob[] = []
    const queue = new RunQueue(store, localExecutor(hangingSpawn(jobs)), () => {}, 2)
    const run = async (name: string, seed: number, epochs: number) => ({
      record: await store.create({
        name,
        spec: smallSpec({ name, seed, epochs }),
        dataset: { source: 's', fingerprint: 'f', train: 1, validation: 0, test: 1 },
        status: 'queued',
        epochsRun: 0
      }),
      datasetFile: 'x',
      splitSeed: 1,
      backend: 'cpu' as const
    })
    const runs = [await run('short', 1, 2), await run('long', 1, 9), await run('short', 2, 2), await run('long', 2, 9), await run('mid', 1, 5)]
    queue.enqueue(...runs)
    await new Promise((r) => setTimeout(r, 50))
    // Two lanes: the two longest runs of the first seed, not the longer run of the next seed.
    expect(jobs.map((j) => `${j.spec.name}@${j.spec.seed}`).sort()).toEqual(['long@1', 'mid@1'])
    await queue.cancelMany(runs.map((r) => r.record.id))
  })

  it('cancels many runs without starting a queued one in a freed lane, and tells when they have settled', async () => {
    const jobs: TrainJob[] = []
    const events: string[] = []
    const queue = new RunQueue(store, localExecutor(hangingSpawn(jobs)), (e) => events.push(`${e.type}:${e.runId}`), 1)
    const runs = await Promise.all(['a', 'b', 'c'].map(async (name) => ({ record: await queued(name), datasetFile: 'x', splitSeed: 1, backend: 'cpu' as const })))
    queue.enqueue(...runs)
    const ids = runs.map((r) => r.record.id)
    let settled = false
    const done = queue.settled(ids).then(() => (settled = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(settled).toBe(false)
    expect(await queue.cancelMany(ids)).toBe(3)
    await done
    // Only the first ever started; the two queued ones were cancelled before a lane could take them.
    expect(jobs.map((j) => j.spec.name)).toEqual(['a'])
    expect(events.filter((e) => e.startsWith('run.cancelled')).sort()).toEqual(ids.map((id) => `run.cancelled:${id}`).sort())
    for (const id of ids) expect((await store.get(id)).record.status).toBe('cancelled')
  })
})

/** A trainer that runs until it is told to cancel, then reports the cancel and exits. */
function hangingSpawn(jobs: TrainJob[]) {
  return (): TrainerProcess => {
    let onMessage: (m: WorkerMessage) => void = () => {}
    let onExit: (code: number | null, detail: string) => void = () => {}
    return {
      send: (m: HostMessage) => {
        if (m.type === 'start') jobs.push(m.job)
        else
          setTimeout(() => {
            onMessage({ type: 'cancelled', history: [] })
            onExit(0, '')
          }, 5)
      },
      onMessage: (l) => (onMessage = l),
      onExit: (l) => (onExit = l),
      kill: () => {}
    }
  }
}
