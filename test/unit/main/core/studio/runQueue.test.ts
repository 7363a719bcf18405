import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../../../../src/shared/results'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
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
    const queue = new RunQueue(store, recordingSpawn(jobs), () => {}, 2)
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
})
