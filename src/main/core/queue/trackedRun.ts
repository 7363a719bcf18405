/**
 * One run's BullMQ job as its host follows it: the worker's events passed on in order, from its
 * latest attempt only, then its result. A job another worker restarted (stalled-job recovery) repeats
 * the same epochs from its seed; those already passed on are not passed on again. A host restarted
 * while the job was queued or running follows it again from where its log ends ('adopt').
 */
import type { BackendChoice, EpochMetrics, RanOn } from '../../../shared/results'
import type { TrainJob } from '../training/protocol'
import type { TrainerEvents, TrainerResult } from '../training/trainerHost'
import type { ExecutorResult } from '../studio/executor'
import { checkWorkerEvent, checkWorkerReturn, type ModelFileRef, type WorkerIdentity } from './jobPayload'

export type QueueSignal =
  | { type: 'progress'; data: unknown }
  | { type: 'completed' }
  | { type: 'failed'; reason: string }
  | { type: 'lost'; reason: string }
  /** The host follows a job an earlier host queued: catch up with its state now. */
  | { type: 'adopt' }

/** A job as it stands in the queue. */
export interface JobState {
  state: string
  /** The worker's latest event. */
  progress: unknown
  attemptsStarted: number
  failedReason: string
}

/** What a followed run needs from the queue. */
export interface FollowContext {
  /** The Redis URL, password masked. */
  where: string
  completion(jobId: string): Promise<{ value: unknown; attemptsStarted: number; remove(): Promise<void> }>
  /** The job now; undefined when it is no longer in Redis. */
  current(jobId: string): Promise<JobState | undefined>
  /** Writes the model files into the run's folder (or drops them when the run keeps no model). */
  collectModel(jobId: string, refs: ModelFileRef[], modelDir: string | undefined): Promise<void>
}

export class TrackedRun {
  readonly result: Promise<ExecutorResult>
  private resolve!: (r: ExecutorResult) => void
  private chain: Promise<void> = Promise.resolve()
  private ended = false
  private timer: NodeJS.Timeout | undefined
  private attempt = ''
  /** Starts of the job seen (each worker's attempt has its own id), at least BullMQ's count. */
  private readonly attemptIds = new Set<string>()
  private attemptsStarted = 0
  private worker: WorkerIdentity | undefined
  private backend: BackendChoice | undefined
  /** Epochs passed on, over every attempt (and, for an adopted job, those its earlier host logged). */
  private readonly history: EpochMetrics[]

  constructor(
    private readonly jobId: string,
    private readonly job: TrainJob,
    private readonly events: TrainerEvents,
    private readonly context: FollowContext,
    logged: EpochMetrics[] = []
  ) {
    this.history = [...logged]
    this.result = new Promise((resolve) => (this.resolve = resolve))
  }

  /** Handled one after the other, so an epoch is stored before the next event and before the result. */
  signal(s: QueueSignal): void {
    this.chain = this.chain
      .then(() => this.handle(s))
      .catch((err: unknown) => this.end({ status: 'failed', error: err instanceof Error ? err.message : String(err) }))
  }

  end(result: Partial<TrainerResult> & Pick<TrainerResult, 'status'>): void {
    if (this.ended) return
    this.ended = true
    clearTimeout(this.timer)
    const full = { history: [...this.history], backend: this.backend, ...result } as TrainerResult
    const ranOn = this.ranOn()
    this.resolve(ranOn ? { ...full, ranOn } : full)
  }

  /** Ends the run this long from now unless its worker answers first. */
  endAfter(ms: number, result: Pick<TrainerResult, 'status'>): void {
    this.timer ??= setTimeout(() => this.end(result), ms)
  }

  private ranOn(): RanOn | undefined {
    if (!this.worker || !this.backend) return undefined
    const attempts = Math.max(1, this.attemptIds.size, this.attemptsStarted)
    return { host: this.worker.host, pid: this.worker.pid, backend: this.backend.name, threads: this.backend.threads, attempts }
  }

  private async handle(s: QueueSignal): Promise<void> {
    if (this.ended) return
    switch (s.type) {
      case 'progress':
        return this.onWorkerEvent(s.data)
      case 'failed':
        return this.end({ status: 'failed', error: `the worker could not train it: ${s.reason}` })
      case 'lost':
        return this.end({ status: 'failed', error: `lost the connection to Redis at ${this.context.where}: ${s.reason}` })
      case 'completed':
        return this.onCompleted()
      case 'adopt':
        return this.onAdopted()
    }
  }

  /** Catches up with a job an earlier host queued: ended while no host listened, or its latest event. */
  private async onAdopted(): Promise<void> {
    const now = await this.context.current(this.jobId)
    if (!now) return this.end({ status: 'failed', error: `its job is no longer in Redis at ${this.context.where}` })
    this.attemptsStarted = now.attemptsStarted
    if (now.state === 'completed') return this.onCompleted()
    if (now.state === 'failed') return this.end({ status: 'failed', error: `the worker could not train it: ${now.failedReason}` })
    const latest = checkWorkerEvent(now.progress)
    if (!latest.ok) return // not started yet: its start event comes
    // The attempt under way now, whose start this host did not see.
    if (latest.value.kind !== 'start') this.attempt = latest.value.attempt
    await this.onWorkerEvent(latest.value)
  }

  private async onWorkerEvent(data: unknown): Promise<void> {
    const checked = checkWorkerEvent(data)
    if (!checked.ok) throw new Error(`a worker sent an invalid event: ${checked.error}`)
    const event = checked.value
    if (event.kind === 'start') {
      this.attempt = event.attempt
      this.attemptIds.add(event.attempt)
      this.worker = event.worker
      return
    }
    // A worker that lost the job (it stalled and another took it over) may still be talking.
    if (event.attempt !== this.attempt) return
    switch (event.kind) {
      case 'backend':
        this.backend = event.choice
        this.events.onBackend?.(event.choice)
        break
      case 'progress':
        this.events.onProgress?.(event.progress)
        break
      case 'epoch':
        await this.passEpoch(event.metrics)
        break
    }
  }

  /**
   * Passes on the next epoch only: a repeated one (a restarted attempt) is dropped, and one after a
   * gap (its predecessor's event lost, or sent while no host listened) waits for the result, which
   * carries every epoch, so the log holds each epoch once and in order.
   */
  private async passEpoch(metrics: EpochMetrics): Promise<void> {
    if (metrics.epoch !== (this.history.at(-1)?.epoch ?? 0) + 1) return
    this.history.push(metrics)
    await this.events.onEpoch?.(metrics)
  }

  private async onCompleted(): Promise<void> {
    const completion = await this.context.completion(this.jobId)
    const checked = checkWorkerReturn(completion.value)
    if (!checked.ok) throw new Error(`the worker's result was refused: ${checked.error}`)
    const r = checked.value
    this.worker = r.worker
    this.backend = r.backend ?? this.backend
    this.attemptsStarted = Math.max(this.attemptsStarted, completion.attemptsStarted)
    // Epochs whose events were lost still reach the run's log, in order.
    for (const metrics of r.status === 'finished' ? r.outcome.history : r.history) await this.passEpoch(metrics)
    if (r.status === 'finished') {
      await this.context.collectModel(this.jobId, r.modelFiles, this.job.modelDir)
      this.end({ status: 'finished', outcome: r.outcome })
    } else if (r.status === 'cancelled') {
      this.end({ status: 'cancelled' })
    } else {
      this.end({ status: 'failed', error: r.error })
    }
    await completion.remove().catch(() => undefined)
  }
}
