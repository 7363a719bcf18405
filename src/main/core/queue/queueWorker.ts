/**
 * `regstudio worker`: a BullMQ Worker that trains the runs hosts put on the queue, with the same trainer
 * process and backend ladder as a local run. It keeps nothing but its dataset cache: events go back as
 * the job's progress, the outcome as its result, the model files as Redis keys the host collects.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConnectionOptions, Job } from 'bullmq'
import type { BackendRequest } from '../../../shared/results'
import { spawnNodeTrainer, type SpawnTrainer } from '../training/trainerHost'
import { TrainerPool } from '../training/trainerPool'
import { DatasetCache } from './datasetTransfer'
import { checkRunJobData, type RunJobData, type WorkerEvent, type WorkerIdentity, type WorkerReturn } from './jobPayload'
import { sendModelFiles } from './modelTransfer'
import { CANCEL_CHANNEL, cancelKey, RUN_QUEUE } from './queueKeys'
import { assertRedisReachable, maskSecrets, openRedis, redisOptions } from './redisConnection'
import { maskRedisUrl } from './redisUrl'

export interface QueueWorkerOptions {
  url: string
  /** Runs trained at once, each in its own trainer process. */
  concurrency: number
  /** The backend for jobs that ask for 'auto'; a job that forces one gets that one. */
  backend: BackendRequest
  /** Threads of each trainer's wasm matrix products. */
  threads: number
  /** Where fetched datasets are kept, by fingerprint. */
  cacheDir: string
  /** A worker that stops renewing its lock this long (killed, cut off) loses its job to another (BullMQ default 30 s). */
  lockDurationMs?: number
  /** How often this worker looks for such jobs (BullMQ default 30 s). */
  stalledIntervalMs?: number
  /** Times a job may be taken over that way before it fails (default 2). */
  maxStalledCount?: number
  spawn?: SpawnTrainer
  onLog?: (line: string) => void
}

export interface QueueWorker {
  readonly identity: WorkerIdentity
  readonly where: string
  stats(): { datasetFetches: number; datasetBytesFetched: number; jobs: number }
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>
}

/** Progress is sent at most this often; epochs, the backend and the start always. */
const PROGRESS_INTERVAL_MS = 250

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  await assertRedisReachable(opts.url)
  // Loaded on first use, like every Redis module: `regstudio` without a queue never loads it.
  const { UnrecoverableError, Worker } = require('bullmq') as typeof import('bullmq')
  const where = maskRedisUrl(opts.url)
  const log = opts.onLog ?? (() => undefined)
  const identity: WorkerIdentity = { host: hostname(), pid: process.pid }
  const logError = (what: string) => (err: Error) => log(`${what}: ${maskSecrets(err.message, opts.url)}`)
  const redis = openRedis(opts.url, logError('Redis'))
  // Subscribed connections take no other commands, and must wait out outages rather than give up.
  const subscriber = openRedis(opts.url, logError('Redis (cancel channel)'), { maxRetriesPerRequest: null })
  const datasets = new DatasetCache(redis, opts.cacheDir)
  const running = new Map<string, AbortController>()
  // One kept trainer process per job trained at once (trainerPool.ts).
  const trainers = new TrainerPool(opts.spawn ?? spawnNodeTrainer, { size: opts.concurrency })
  let jobs = 0

  const disconnect = (): void => {
    subscriber.disconnect()
    redis.disconnect()
  }
  await subscriber.subscribe(CANCEL_CHANNEL).catch((err: unknown) => {
    disconnect()
    throw err
  })
  subscriber.on('message', (_channel: string, jobId: string) => running.get(jobId)?.abort())

  const train = async (job: Job<unknown, WorkerReturn, string>): Promise<WorkerReturn> => {
    const checked = checkRunJobData(job.data)
    // A job this worker cannot read would fail the same way on every worker: no retry.
    if (!checked.ok) throw new UnrecoverableError(checked.error)
    const data = checked.value
    const jobId = job.id as string
    const attempt = randomBytes(8).toString('hex')
    const send = eventSender(job, attempt, logError(`run ${data.runId}: sending an event`))
    const controller = new AbortController()
    running.set(jobId, controller)
    jobs++
    const modelDir = await mkdtemp(join(tmpdir(), 'regstudio-worker-model-'))
    try {
      await send({ kind: 'start', attempt, worker: identity })
      if ((await redis.exists(cancelKey(jobId))) === 1) controller.abort()
      log(`run ${data.runId} (${data.spec.name}, seed ${data.spec.seed}): started${job.attemptsStarted > 1 ? ` (attempt ${job.attemptsStarted})` : ''}`)
      const datasetFile = await datasets.file(data.datasetFingerprint)
      const result = await trainers.run(trainJob(data, datasetFile, modelDir, opts), {
        onBackend: (choice) => void send({ kind: 'backend', attempt, choice }),
        onProgress: (progress) => void send({ kind: 'progress', attempt, progress }),
        onEpoch: async (metrics) => {
          log(`run ${data.runId}: epoch ${metrics.epoch}/${data.spec.epochs}`)
          await send({ kind: 'epoch', attempt, metrics })
        }
      }, controller.signal)
      await send.flush()
      const base = { worker: identity, backend: result.backend }
      log(`run ${data.runId}: ${result.status}${result.status === 'failed' ? `: ${result.error}` : ''}`)
      if (result.status === 'finished') return { ...base, status: 'finished', outcome: result.outcome, modelFiles: await sendModelFiles(redis, jobId, modelDir) }
      if (result.status === 'cancelled') return { ...base, status: 'cancelled', history: result.history }
      return { ...base, status: 'failed', error: result.error, history: result.history }
    } finally {
      running.delete(jobId)
      await rm(modelDir, { recursive: true, force: true })
    }
  }

  const worker = new Worker<unknown, WorkerReturn, string>(RUN_QUEUE, train, {
    connection: redisOptions(opts.url) as ConnectionOptions,
    concurrency: opts.concurrency,
    name: `${identity.host}:${identity.pid}`,
    maxStalledCount: opts.maxStalledCount ?? 2,
    // Given only when set: BullMQ takes an undefined value as the setting, not as its default.
    ...(opts.lockDurationMs !== undefined ? { lockDuration: opts.lockDurationMs } : {}),
    ...(opts.stalledIntervalMs !== undefined ? { stalledInterval: opts.stalledIntervalMs } : {})
  })
  worker.on('error', logError('queue'))
  worker.on('failed', (job, err) => log(`job ${job?.id ?? '?'} failed: ${maskSecrets(err.message, opts.url)}`))
  await worker.waitUntilReady().catch(async (err: unknown) => {
    await worker.close(true).catch(() => undefined)
    disconnect()
    throw err
  })

  return {
    identity,
    where,
    stats: () => ({ datasetFetches: datasets.fetches, datasetBytesFetched: datasets.bytesFetched, jobs }),
    async close() {
      await worker.close()
      await trainers.close()
      disconnect()
    }
  }
}

function trainJob(data: RunJobData, datasetFile: string, modelDir: string, opts: QueueWorkerOptions) {
  return {
    runId: data.runId,
    spec: data.spec,
    datasetFile,
    splitSeed: data.splitSeed,
    backend: data.backend === 'auto' ? opts.backend : data.backend,
    threads: opts.threads,
    modelDir
  }
}

/**
 * Sends a job's events as its progress, one after the other (so the host gets them in order), batch
 * progress thinned out. A failed send is logged, not fatal: the result carries every epoch again.
 */
function eventSender(job: Job<unknown, WorkerReturn, string>, attempt: string, onError: (err: Error) => void) {
  let chain: Promise<void> = Promise.resolve()
  let lastProgress = 0
  const send = (event: WorkerEvent): Promise<void> => {
    if (event.kind === 'progress') {
      const now = Date.now()
      const last = event.progress.batch === event.progress.batches
      if (!last && now - lastProgress < PROGRESS_INTERVAL_MS) return chain
      lastProgress = now
    }
    chain = chain.then(() => job.updateProgress({ ...event, attempt }).catch(onError))
    return chain
  }
  return Object.assign(send, { flush: () => chain })
}
