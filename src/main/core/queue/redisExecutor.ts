/**
 * The executor that trains runs elsewhere: each run becomes one BullMQ job that any `regstudio worker`
 * takes. Per dataset, its prepared file is published once (datasetTransfer.ts); per run, the job carries
 * the spec, seeds and dataset fingerprint, its progress carries the trainer's events back in order,
 * and its result carries the outcome, with the model files left in Redis keys for this host to write.
 * Only this host writes its workspace; workers keep nothing. A job's id is its workspace's id and its
 * run id, so a host restarted on the workspace finds the jobs it left queued or running and follows them.
 */
import { randomBytes } from 'node:crypto'
import type { ConnectionOptions, Queue as QueueType } from 'bullmq'
import type { QueueStatus } from '../../../shared/api'
import type { TrainerEvents } from '../training/trainerHost'
import type { TrainJob } from '../training/protocol'
import type { ExecutorResult, Resumed, RunExecutor } from '../studio/executor'
import { datasetFingerprintOf, publishDataset } from './datasetTransfer'
import { checkRunJobData, PAYLOAD_VERSION, type RunJobData } from './jobPayload'
import { deleteModelFiles, receiveModelFiles } from './modelTransfer'
import { TrackedRun, type FollowContext, type QueueSignal } from './trackedRun'
import { CANCEL_CHANNEL, cancelKey, RUN_QUEUE } from './queueKeys'
import { assertRedisReachable, maskSecrets, openRedis, redisOptions, withTimeout } from './redisConnection'
import { maskRedisUrl } from './redisUrl'

export interface RedisExecutorOptions {
  /** Redis unreachable this long while runs wait for workers: those runs fail (default 15 s). */
  lostAfterMs?: number
  /** Told when the connection to Redis fails or comes back. */
  onLog?: (line: string) => void
}

export interface QueueStats {
  datasetsPublished: number
  datasetBytesPublished: number
  jobsEnqueued: number
  modelBytesReceived: number
}

export interface RedisExecutor extends RunExecutor {
  /** The Redis URL with its password masked. */
  readonly where: string
  stats(): QueueStats
  /** The queue now, for a status line: never rejects, an unreachable Redis is a problem in words. */
  status(): Promise<QueueStatus>
  /** Closes the connections; runs still waiting fail (cancel them first to keep their jobs out of Redis). */
  close(): Promise<void>
}

/** A cancelled job on a worker that never answers (gone, Redis lost) is given up after this long. */
const CANCEL_GRACE_MS = 30_000
const HEALTH_INTERVAL_MS = 2000
const CLOSE_TIMEOUT_MS = 3000
const STATUS_TIMEOUT_MS = 2000
/** How often a dataset in use is looked for in Redis again (and its expiry renewed). */
const REPUBLISH_CHECK_MS = 3600_000
/** Finished jobs are removed by their host; these keep what a host that crashed left behind for a while. */
const KEEP_COMPLETED = { age: 24 * 3600 }
const KEEP_FAILED = { age: 7 * 24 * 3600 }

/**
 * Runs a host hands to the queue at once. Workers, not the host, bound how many train together; the
 * host only waits for them, so it queues every run and each free worker takes the next one.
 */
export const QUEUE_LANES = 1000

/** Opens the queue; a Redis that does not answer is a UserError naming the URL with its password masked. */
export async function openRedisExecutor(url: string, opts: RedisExecutorOptions = {}): Promise<RedisExecutor> {
  await assertRedisReachable(url)
  // Loaded on first use: a host without a queue never loads BullMQ.
  const { Job, Queue, QueueEvents } = require('bullmq') as typeof import('bullmq')
  const where = maskRedisUrl(url)
  const log = opts.onLog ?? (() => undefined)
  const lostAfterMs = opts.lostAfterMs ?? 15_000
  let lastError = ''
  const redis = openRedis(url, (err) => (lastError = maskSecrets(err.message, url)))
  // BullMQ opens its own connections from these (blocking ones need their own).
  const connection = redisOptions(url) as ConnectionOptions
  const queue: QueueType<RunJobData, unknown, string> = new Queue(RUN_QUEUE, { connection })
  queue.on('error', (err) => (lastError = maskSecrets(err.message, url)))
  // Start reading events after the newest one now in the stream: none of this host's jobs exists yet.
  const newest = await redis.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1)
  const events = new QueueEvents(RUN_QUEUE, { connection, lastEventId: newest[0]?.[0] ?? '0-0' })
  events.on('error', (err) => (lastError = maskSecrets(err.message, url)))
  await events.waitUntilReady()

  const tracked = new Map<string, (signal: QueueSignal) => void>()
  events.on('progress', ({ jobId, data }) => tracked.get(jobId)?.({ type: 'progress', data }))
  events.on('completed', ({ jobId }) => tracked.get(jobId)?.({ type: 'completed' }))
  events.on('failed', ({ jobId, failedReason }) => tracked.get(jobId)?.({ type: 'failed', reason: failedReason }))

  const stats: QueueStats = { datasetsPublished: 0, datasetBytesPublished: 0, jobsEnqueued: 0, modelBytesReceived: 0 }
  const fingerprints = new Map<string, Promise<string>>()
  const published = new Map<string, Promise<void>>()
  const fingerprintOf = (file: string): Promise<string> => memo(fingerprints, file, () => datasetFingerprintOf(file))
  const publish = (file: string, fingerprint: string): Promise<void> =>
    memo(published, fingerprint, async () => {
      const bytes = await publishDataset(redis, file, fingerprint)
      if (bytes > 0) stats.datasetsPublished++
      stats.datasetBytesPublished += bytes
      // Checked again now and then, which renews its expiry in Redis: a host may serve for weeks.
      setTimeout(() => published.delete(fingerprint), REPUBLISH_CHECK_MS).unref()
    })

  // While runs wait on Redis, a lost connection fails them after lostAfterMs instead of leaving them waiting for ever.
  let unreachableSince: number | undefined
  const health = setInterval(() => {
    if (tracked.size === 0) return
    withTimeout(redis.ping(), HEALTH_INTERVAL_MS, 'no answer').then(
      () => {
        if (unreachableSince !== undefined) log(`Redis at ${where} answers again`)
        unreachableSince = undefined
      },
      (err: unknown) => {
        const reason = lastError || (err instanceof Error ? err.message : String(err))
        if (unreachableSince === undefined) {
          unreachableSince = Date.now()
          log(`Redis at ${where} does not answer (${reason}); runs fail if it stays away ${Math.round(lostAfterMs / 1000)} s`)
        } else if (Date.now() - unreachableSince >= lostAfterMs) {
          for (const handle of [...tracked.values()]) handle({ type: 'lost', reason })
        }
      }
    )
  }, HEALTH_INTERVAL_MS)
  health.unref()

  /** Removes a job not yet taken; else asks its worker to stop after the current batch. True when removed. */
  const cancelJob = async (jobId: string): Promise<boolean> => {
    const job = await Job.fromId(queue, jobId)
    if (job) {
      try {
        await job.remove()
        return true
      } catch {
        // Locked: a worker has it. It is told below.
      }
    }
    await redis.set(cancelKey(jobId), '1', 'EX', 24 * 3600)
    await redis.publish(CANCEL_CHANNEL, jobId)
    return false
  }

  /** Jobs carry the workspace's id; an executor no Studio claimed (tests, the bench) uses one of its own. */
  let workspace = randomBytes(16).toString('hex')
  const jobIdOf = (runId: string): string => `${workspace}.${runId}`
  /** Runs an earlier host of this workspace left on the queue, until this host follows them. */
  const adoptable = new Set<string>()

  const claimWorkspace = async (workspaceId: string, leftActive: string[]): Promise<Set<string>> => {
    workspace = workspaceId
    for (const runId of leftActive) {
      try {
        const job = await Job.fromId(queue, jobIdOf(runId))
        const data = checkRunJobData(job?.data)
        if (data.ok && data.value.workspace === workspaceId && data.value.runId === runId) adoptable.add(runId)
      } catch (err) {
        log(`could not look for run ${runId} on Redis at ${where}: ${maskSecrets(err instanceof Error ? err.message : String(err), url)}; it is marked interrupted`)
      }
    }
    return new Set(adoptable)
  }

  const follow: FollowContext = {
    where,
    async current(jobId) {
      const job = await Job.fromId(queue, jobId)
      if (!job) return undefined
      return { state: await job.getState(), progress: job.progress, attemptsStarted: job.attemptsStarted, failedReason: job.failedReason ?? '' }
    },
    async completion(jobId) {
      const job = await Job.fromId(queue, jobId)
      return { value: job?.returnvalue, attemptsStarted: job?.attemptsStarted ?? 0, remove: async () => void (await job?.remove()) }
    },
    async collectModel(jobId, refs, modelDir) {
      if (modelDir) stats.modelBytesReceived += await receiveModelFiles(redis, jobId, refs, modelDir)
      else await deleteModelFiles(redis, jobId, refs)
    }
  }

  /** Follows a job an earlier host of this workspace queued, from the epochs its log holds. */
  const adopt = (jobId: string, job: TrainJob, events: TrainerEvents, logged: Resumed['logged']): TrackedRun => {
    const run = new TrackedRun(jobId, job, events, follow, logged)
    tracked.set(jobId, (s) => run.signal(s))
    run.signal({ type: 'adopt' })
    return run
  }

  /** Puts the run on the queue and follows it; its result instead when it ends first (cancelled, Redis lost). */
  const enqueue = async (jobId: string, job: TrainJob, events: TrainerEvents, signal: AbortSignal): Promise<TrackedRun | ExecutorResult> => {
    if (signal.aborted) return { status: 'cancelled', history: [] }
    try {
      const fingerprint = await fingerprintOf(job.datasetFile)
      await publish(job.datasetFile, fingerprint)
      const data: RunJobData = { v: PAYLOAD_VERSION, workspace, runId: job.runId, spec: job.spec, splitSeed: job.splitSeed, backend: job.backend, datasetFingerprint: fingerprint }
      const run = new TrackedRun(jobId, job, events, follow)
      tracked.set(jobId, (s) => run.signal(s))
      // BullMQ retries an add while Redis is away; the connection watch may end the run first.
      const added = queue.add(job.spec.name, data, { jobId, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED })
      added.catch(() => undefined)
      if ((await Promise.race([added.then(() => 'added'), run.result.then(() => 'ended')])) === 'ended') {
        tracked.delete(jobId)
        return run.result
      }
      stats.jobsEnqueued++
      return run
    } catch (err) {
      tracked.delete(jobId)
      const error = `could not queue the run on Redis at ${where}: ${maskSecrets(err instanceof Error ? err.message : String(err), url)}`
      return { status: 'failed', error, history: [] }
    }
  }

  const execute = async (job: TrainJob, events: TrainerEvents, signal: AbortSignal, resumed?: Resumed): Promise<ExecutorResult> => {
    const jobId = jobIdOf(job.runId)
    const run = resumed && adoptable.delete(job.runId) ? adopt(jobId, job, events, resumed.logged) : await enqueue(jobId, job, events, signal)
    if (!(run instanceof TrackedRun)) return run

    const onAbort = (): void => {
      cancelJob(jobId).then(
        (removed) => (removed ? run.end({ status: 'cancelled', history: [] }) : run.endAfter(CANCEL_GRACE_MS, { status: 'cancelled' })),
        () => run.endAfter(CANCEL_GRACE_MS, { status: 'cancelled' })
      )
    }
    signal.addEventListener('abort', onAbort, { once: true })
    if (signal.aborted) onAbort()
    const result = await run.result
    signal.removeEventListener('abort', onAbort)
    tracked.delete(jobId)
    return result
  }

  const status = async (): Promise<QueueStatus> => {
    try {
      const [clients, counts] = await withTimeout(Promise.all([queue.getWorkers(), queue.getJobCounts('waiting', 'active')]), STATUS_TIMEOUT_MS, 'no answer')
      return { mode: 'queue', url: where, reachable: true, workers: workerNames(clients), waiting: counts.waiting ?? 0, active: counts.active ?? 0 }
    } catch (err) {
      const reason = lastError || (err instanceof Error ? err.message : String(err))
      return { mode: 'queue', url: where, reachable: false, problem: `cannot reach Redis at ${where}: ${maskSecrets(reason, url)}`, workers: [] }
    }
  }

  return {
    where,
    execute,
    claimWorkspace,
    status,
    stats: () => ({ ...stats }),
    async close() {
      clearInterval(health)
      for (const handle of [...tracked.values()]) handle({ type: 'lost', reason: 'the host is closing' })
      // A graceful close waits for Redis; one that is gone would keep the host from exiting.
      await withTimeout(Promise.allSettled([events.close(), queue.close()]), CLOSE_TIMEOUT_MS, 'close').catch(() => {
        void events.disconnect().catch(() => undefined)
        void queue.disconnect().catch(() => undefined)
      })
      redis.disconnect()
    }
  }
}

/** BullMQ names a worker's connections `bull:QUEUE:w:NAME`; regstudio workers are named host:pid. */
function workerNames(clients: { rawname?: string }[]): string[] {
  const names = clients.map((c) => c.rawname?.split(':w:')[1] ?? '').filter(Boolean)
  return [...new Set(names)].sort()
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let pending = cache.get(key)
  if (!pending) {
    pending = make()
    // Failures are not remembered: the next run tries again (Redis back, file restored).
    pending.catch(() => cache.delete(key))
    cache.set(key, pending)
  }
  return pending
}
