/**
 * The Redis executor and an in-process worker against a real redis-server: the dataset is published
 * once for every run of it, a queued run is cancelled at once, a running one after its current batch
 * on the worker, and a worker's events reach the host.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeDatasetFile } from '../../../../../src/main/core/datasets/cache'
import { openRedisExecutor, type RedisExecutor } from '../../../../../src/main/core/queue/redisExecutor'
import { startQueueWorker } from '../../../../../src/main/core/queue/queueWorker'
import type { TrainJob } from '../../../../../src/main/core/training/protocol'
import { startRedis, type LocalRedis } from '../../../../support/redisServer'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'
import { numberedClassNames } from '../../../../../src/shared/classNames'

let dir: string
let redis: LocalRedis
let executor: RedisExecutor
let datasetFile: string

const job = (runId: string, epochs: number): TrainJob => ({
  runId,
  spec: smallSpec({ epochs, batchSize: 16 }),
  datasetFile,
  splitSeed: 7,
  backend: 'wasm',
  modelDir: join(dir, runId, 'model')
})

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-redis-executor-'))
  datasetFile = join(dir, 'data.rsds')
  await writeDatasetFile(datasetFile, { source: { kind: 'csv', description: 'synthetic', files: [] }, classNames: numberedClassNames(10), warnings: [], train: syntheticSet(600, 1), test: syntheticSet(100, 2) })
  redis = await startRedis()
  executor = await openRedisExecutor(redis.url)
})

afterAll(async () => {
  await executor?.close()
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('redisExecutor', () => {
  it('cancels a run no worker has taken yet at once, after publishing its dataset once', async () => {
    const controller = new AbortController()
    const pending = executor.execute(job('queued-1', 1), {}, controller.signal)
    const second = executor.execute(job('queued-2', 1), {}, controller.signal)
    await new Promise((r) => setTimeout(r, 300))
    controller.abort()
    expect(await pending).toMatchObject({ status: 'cancelled', history: [] })
    expect(await second).toMatchObject({ status: 'cancelled' })
    const stats = executor.stats()
    expect(stats.datasetsPublished).toBe(1)
    expect(stats.jobsEnqueued).toBe(2)
  })

  it('streams a worker\'s events, and a cancel stops the run on the worker between batches', async () => {
    const worker = await startQueueWorker({ url: redis.url, concurrency: 1, backend: 'wasm', threads: 1, cacheDir: join(dir, 'worker-cache') })
    try {
      const controller = new AbortController()
      const seen: string[] = []
      const result = await executor.execute(
        job('running-1', 20),
        {
          onBackend: (b) => seen.push(`backend ${b.name}`),
          onProgress: () => seen.push('progress'),
          onEpoch: (m) => {
            seen.push(`epoch ${m.epoch}`)
            controller.abort()
          }
        },
        controller.signal
      )
      expect(result.status).toBe('cancelled')
      if (result.status !== 'cancelled') return
      // Stopped well before its 20 epochs: after the batch running when the cancel arrived.
      expect(result.history.length).toBeGreaterThanOrEqual(1)
      expect(result.history.length).toBeLessThan(20)
      expect(seen[0]).toBe('backend wasm')
      expect(seen).toContain('progress')
      expect(result.ranOn).toMatchObject({ pid: process.pid, backend: 'wasm', threads: 1, attempts: 1 })
      expect(worker.stats()).toMatchObject({ datasetFetches: 1, jobs: 1 })
      // A cancelled run sends no model: the host's model folder is never created.
      await expect(readdir(join(dir, 'running-1'))).rejects.toThrow()
    } finally {
      await worker.close()
    }
  }, 60_000)

  it('fails the runs waiting on a Redis that goes away, naming its URL without the password', async () => {
    const doomed = await startRedis({ password: 'gone-soon-secret' })
    const lonely = await openRedisExecutor(doomed.url, { lostAfterMs: 2000 })
    try {
      const pending = lonely.execute(job('orphan-1', 1), {}, new AbortController().signal)
      await new Promise((r) => setTimeout(r, 300))
      await doomed.stop()
      const result = await pending
      expect(result.status).toBe('failed')
      if (result.status !== 'failed') return
      expect(result.error).toMatch(new RegExp(`^lost the connection to Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${doomed.port}: `))
      expect(result.error).not.toContain('gone-soon-secret')
    } finally {
      await lonely.close()
    }
  }, 30_000)
})
