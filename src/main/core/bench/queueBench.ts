/**
 * `regstudio bench --queue`: what going through Redis costs. The same small runs are trained one after
 * the other by a trainer process here, then through a throwaway redis-server by one worker and by two
 * (one thread each), all on this machine. The overhead per run is the difference with local training;
 * the bytes count what went through Redis: the dataset once per content and per worker, not per run.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ModelSpec } from '../../../shared/spec'
import { writeDatasetFile } from '../datasets/cache'
import { openRedisExecutor } from '../queue/redisExecutor'
import { startQueueWorker, type QueueWorker } from '../queue/queueWorker'
import type { RunExecutor } from '../studio/executor'
import { localExecutor } from '../studio/localExecutor'
import { spawnNodeTrainer } from '../training/trainerHost'
import { round } from './benchProcess'
import { startLocalRedis } from './localRedis'
import { syntheticImages } from './syntheticImages'

export interface QueueBenchOptions {
  /** Runs per measurement (default 6). */
  runs?: number
  onLine?: (line: string) => void
}

interface Timing {
  runs: number
  seconds: number
  secondsPerRun: number
  runsPerMinute: number
}

export interface QueueBenchResult {
  spec: string
  local: Timing
  redisOneWorker: Timing
  redisTwoWorkers: Timing
  overheadPerRunSeconds: { value: number; goal: number; met: boolean }
  bytes: {
    datasetFile: number
    datasetPublished: number
    datasetFetchesPerWorker: number[]
    datasetBytesFetchedPerWorker: number[]
    modelPerRun: number
  }
  note: string
}

/** A small network and a short run, so the fixed costs per run stand out against training. */
const SPEC: ModelSpec = {
  name: 'bench-queue',
  layers: [
    { type: 'dense', units: 64, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'softmax' }
  ],
  optimizer: { name: 'rmsprop', learningRate: 0.001 },
  loss: 'sparseCategoricalCrossentropy',
  epochs: 2,
  batchSize: 128,
  validationSplit: 0.1,
  seed: 1,
  normalize: true
}
const GOAL_OVERHEAD_S = 0.5

export async function benchQueue(opts: QueueBenchOptions = {}): Promise<QueueBenchResult> {
  const runs = opts.runs ?? 6
  const log = opts.onLine ?? (() => undefined)
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-bench-queue-'))
  const redis = await startLocalRedis()
  const workers: QueueWorker[] = []
  try {
    const datasetFile = join(dir, 'dataset.rsds')
    await writeDatasetFile(datasetFile, {
      source: { kind: 'csv', description: 'synthetic benchmark images', files: [] },
      warnings: [],
      train: syntheticImages(3000, 1),
      test: syntheticImages(500, 2)
    })
    const timeRuns = async (executor: RunExecutor, label: string, parallel: boolean): Promise<Timing> => {
      log(`${label}: ${runs} runs...`)
      const started = performance.now()
      const one = async (i: number): Promise<void> => {
        const modelDir = join(dir, `${label}-${i}`)
        const job = { runId: `bench-${i}`, spec: { ...SPEC, seed: i }, datasetFile, splitSeed: 1, backend: 'wasm' as const, threads: 1, modelDir }
        const result = await executor.execute(job, {}, new AbortController().signal)
        if (result.status !== 'finished') throw new Error(`${label}: run ${i} ${result.status}${result.status === 'failed' ? `: ${result.error}` : ''}`)
      }
      if (parallel) await Promise.all(Array.from({ length: runs }, (_, i) => one(i)))
      else for (let i = 0; i < runs; i++) await one(i)
      const seconds = (performance.now() - started) / 1000
      return { runs, seconds: round(seconds, 2), secondsPerRun: round(seconds / runs, 3), runsPerMinute: round((60 * runs) / seconds, 1) }
    }
    const startWorker = async (): Promise<void> => {
      workers.push(await startQueueWorker({ url: redis.url, concurrency: 1, backend: 'wasm', threads: 1, cacheDir: join(dir, `worker-${workers.length}`) }))
    }

    const local = await timeRuns(localExecutor(spawnNodeTrainer), 'local', false)
    const executor = await openRedisExecutor(redis.url)
    try {
      await startWorker()
      // Every run is queued at once, as a host does; one worker takes them one after the other.
      const redisOneWorker = await timeRuns(executor, 'redis-1-worker', true)
      await startWorker()
      const redisTwoWorkers = await timeRuns(executor, 'redis-2-workers', true)
      const stats = executor.stats()
      const overhead = (redisOneWorker.seconds - local.seconds) / runs
      return {
        spec: `784-64-10, ${SPEC.epochs} epochs of 2,700 images, wasm, 1 thread per trainer`,
        local,
        redisOneWorker,
        redisTwoWorkers,
        overheadPerRunSeconds: { value: round(overhead, 3), goal: GOAL_OVERHEAD_S, met: overhead < GOAL_OVERHEAD_S },
        bytes: {
          datasetFile: (await stat(datasetFile)).size,
          datasetPublished: stats.datasetBytesPublished,
          datasetFetchesPerWorker: workers.map((w) => w.stats().datasetFetches),
          datasetBytesFetchedPerWorker: workers.map((w) => w.stats().datasetBytesFetched),
          modelPerRun: Math.round(stats.modelBytesReceived / stats.jobsEnqueued)
        },
        note: 'Workers, Redis and the host share this machine (and its cores with whatever else runs): two workers of one thread each use both cores, the local runs one.'
      }
    } finally {
      await Promise.all(workers.map((w) => w.close()))
      await executor.close()
    }
  } finally {
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
