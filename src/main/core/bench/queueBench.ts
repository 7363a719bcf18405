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
import { PAYLOAD_VERSION } from '../queue/jobPayload'
import { startQueueWorker, type QueueWorker } from '../queue/queueWorker'
import type { RunExecutor } from '../studio/executor'
import { localExecutor } from '../studio/localExecutor'
import { spawnNodeTrainer } from '../training/trainerHost'
import { round } from './benchProcess'
import { startLocalRedis } from './localRedis'
import { syntheticImages } from './syntheticImages'
import { numberedClassNames } from '../../../shared/classNames'

export interface QueueBenchOptions {
  /** Runs per measurement (default 6). */
  runs?: number
  onLine?: (line: string) => void
}

/** Runs trained one at a time: wall time, and the part of it outside the trainer's own work. */
interface Latency {
  runs: number
  medianWallSeconds: number
  /** Wall time minus the trainer's own time (backend, data, training, evaluation, saving): process start and, through Redis, the queue. */
  medianFixedSeconds: number
}

/** Runs queued together: how fast they get done. */
interface Throughput {
  runs: number
  seconds: number
  runsPerMinute: number
}

export interface QueueBenchResult {
  spec: string
  local: Latency
  redis: Latency
  overheadPerRunSeconds: { value: number; goal: number; met: boolean }
  throughput: { local: Throughput; redisOneWorker: Throughput; redisTwoWorkers: Throughput }
  bytes: {
    datasetFile: number
    datasetPublished: number
    datasetFetchesPerWorker: number[]
    datasetBytesFetchedPerWorker: number[]
    jobPayloadPerRun: number
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

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
      classNames: numberedClassNames(10),
      warnings: [],
      train: syntheticImages(3000, 1),
      test: syntheticImages(500, 2)
    })
    let counter = 0
    /** One run; returns its wall time and the trainer's own seconds. */
    const train = async (executor: RunExecutor, label: string): Promise<{ wall: number; own: number }> => {
      const i = counter++
      const job = { runId: `bench-${i}`, spec: { ...SPEC, seed: i }, datasetFile, splitSeed: 1, backend: 'wasm' as const, threads: 1, modelDir: join(dir, `model-${i}`) }
      const started = performance.now()
      const result = await executor.execute(job, {}, new AbortController().signal)
      if (result.status !== 'finished') throw new Error(`${label}: run ${i} ${result.status}${result.status === 'failed' ? `: ${result.error}` : ''}`)
      return { wall: (performance.now() - started) / 1000, own: result.outcome.seconds }
    }
    const throughput = async (executor: RunExecutor, label: string): Promise<Throughput> => {
      log(`${label}: ${runs} runs queued together...`)
      const started = performance.now()
      await Promise.all(Array.from({ length: runs }, () => train(executor, label)))
      const seconds = (performance.now() - started) / 1000
      return { runs, seconds: round(seconds, 2), runsPerMinute: round((60 * runs) / seconds, 1) }
    }
    const startWorker = async (): Promise<void> => {
      workers.push(await startQueueWorker({ url: redis.url, concurrency: 1, backend: 'wasm', threads: 1, cacheDir: join(dir, `worker-${workers.length}`) }))
    }

    const local = localExecutor(spawnNodeTrainer)
    const executor = await openRedisExecutor(redis.url)
    try {
      await startWorker()
      // Local and Redis runs alternate, one at a time, so a machine whose load drifts weighs on both alike.
      log(`latency: ${runs} local and ${runs} Redis runs, alternating...`)
      const timings: Record<'local' | 'redis', { wall: number; own: number }[]> = { local: [], redis: [] }
      for (let i = 0; i < runs; i++) {
        timings.local.push(await train(local, 'local'))
        timings.redis.push(await train(executor, 'redis'))
      }
      const latency = (t: { wall: number; own: number }[]): Latency => ({
        runs: t.length,
        medianWallSeconds: round(median(t.map((x) => x.wall)), 3),
        medianFixedSeconds: round(median(t.map((x) => x.wall - x.own)), 3)
      })
      const [localLatency, redisLatency] = [latency(timings.local), latency(timings.redis)]
      const overhead = redisLatency.medianFixedSeconds - localLatency.medianFixedSeconds

      const localThroughput = await throughput(local, 'local')
      const redisOneWorker = await throughput(executor, 'redis-1-worker')
      await startWorker()
      const redisTwoWorkers = await throughput(executor, 'redis-2-workers')
      const stats = executor.stats()
      const payload = Buffer.byteLength(JSON.stringify({ v: PAYLOAD_VERSION, workspace: '0'.repeat(32), runId: 'bench-0', spec: SPEC, splitSeed: 1, backend: 'wasm', datasetFingerprint: '0'.repeat(64) }))
      return {
        spec: `784-64-10, ${SPEC.epochs} epochs of 2,700 images, wasm, 1 thread per trainer`,
        local: localLatency,
        redis: redisLatency,
        overheadPerRunSeconds: { value: round(overhead, 3), goal: GOAL_OVERHEAD_S, met: overhead < GOAL_OVERHEAD_S },
        throughput: { local: localThroughput, redisOneWorker, redisTwoWorkers },
        bytes: {
          datasetFile: (await stat(datasetFile)).size,
          datasetPublished: stats.datasetBytesPublished,
          datasetFetchesPerWorker: workers.map((w) => w.stats().datasetFetches),
          datasetBytesFetchedPerWorker: workers.map((w) => w.stats().datasetBytesFetched),
          jobPayloadPerRun: payload,
          modelPerRun: Math.round(stats.modelBytesReceived / stats.jobsEnqueued)
        },
        note:
          'Host, Redis and workers share this machine and its cores with whatever else runs; local throughput is one trainer of one thread, ' +
          'two workers use both cores. The overhead is the difference of the medians of wall time minus the trainer\'s own time.'
      }
    } finally {
      await Promise.all(workers.map((w) => w.close()))
      await executor.close()
      await local.releaseTrainers?.()
    }
  } finally {
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
