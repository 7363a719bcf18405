/**
 * The one scheduler of runs, for the desktop app, `serve` and `regstudio study`: a fixed number of
 * lanes, the cores shared among the runs trained side by side, an order that finishes studies
 * early, and cancellation. Runs are trained by an executor (executor.ts).
 */
import { availableParallelism } from 'node:os'
import type { RunEvent } from '../../../shared/events'
import type { BackendRequest, EpochMetrics, RunRecord } from '../../../shared/results'
import type { RunStore } from '../runs/runStore'
import { executeRun } from './executeRun'
import type { RunExecutor } from './executor'

export interface QueuedRun {
  record: RunRecord
  datasetFile: string
  splitSeed: number
  backend: BackendRequest
  /** Set for a run an earlier host left training on the executor: followed again, not started. */
  resumed?: { logged: EpochMetrics[] }
}

/**
 * Runs trained at once when not asked: two where there are two cores or more. On 2 cores, two
 * single-threaded trainers finished the seed study in 5.4 minutes where one trainer using both
 * cores for its matrix products took 7.1 (docs/performance.md): everything else in a step then
 * runs in parallel too. Not more by default, as each trainer holds its own copy of the data
 * (about 0.4 GB at its peak with the bundled set).
 */
export function defaultStudyConcurrency(): number {
  return Math.min(2, availableParallelism())
}

/** Threads each trainer gets when `lanes` trainers run at once: the cores, shared out. */
export function threadsPerTrainer(lanes: number): number {
  return Math.max(1, Math.floor(availableParallelism() / lanes))
}

/** A study's id: sortable by creation time and unique within a workspace. */
export function newStudyId(at = new Date()): string {
  return `study-${at.getTime().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`
}

/**
 * The order to start a batch of runs in. Repeats first by seed, so that an interrupted study keeps
 * whole sets of repeats that pair across variants; within a seed, the given order on one lane and
 * the longest (most epochs) first on several, so a long early-stopping run does not finish alone.
 */
function startOrder(runs: QueuedRun[], lanes: number): QueuedRun[] {
  const order = runs.map((run, index) => ({ run, index }))
  order.sort(
    (a, b) =>
      a.run.record.spec.seed - b.run.record.spec.seed ||
      (lanes > 1 ? b.run.record.spec.epochs - a.run.record.spec.epochs : 0) ||
      a.index - b.index
  )
  return order.map((o) => o.run)
}

export class RunQueue {
  private readonly waiting: QueuedRun[] = []
  private readonly running = new Map<string, AbortController>()
  private settledWaiters: { runIds: string[]; resolve: () => void }[] = []

  constructor(
    private readonly store: RunStore,
    private readonly executor: RunExecutor,
    private readonly emit: (event: RunEvent) => void,
    private readonly concurrency = 1
  ) {}

  /** Queues runs together, so runs of one study share the cores from the start. */
  enqueue(...runs: QueuedRun[]): void {
    for (const run of runs) {
      this.emit({ type: 'run.queued', runId: run.record.id, name: run.record.name, studyId: run.record.studyId })
    }
    this.waiting.push(...startOrder(runs, this.concurrency))
    this.pump()
  }

  /** Cancels a queued run at once, or a running one after its current batch. False if it is neither. */
  async cancel(runId: string): Promise<boolean> {
    return (await this.cancelMany([runId])) > 0
  }

  /**
   * Cancels several runs: the queued ones first, so that none of them starts in a lane a cancelled
   * running one frees. Returns how many were queued or running.
   */
  async cancelMany(runIds: readonly string[]): Promise<number> {
    const ids = new Set(runIds)
    const dropped = this.waiting.filter((r) => ids.has(r.record.id))
    for (const run of dropped) this.waiting.splice(this.waiting.indexOf(run), 1)
    const aborted = [...ids].flatMap((id) => {
      const controller = this.running.get(id)
      return controller ? [controller] : []
    })
    for (const controller of aborted) controller.abort()
    for (const run of dropped) {
      // A disk that refuses the record (full) must not stop the other cancels; the next host start
      // marks a run it could not record as interrupted.
      await this.store.update(run.record.id, { status: 'cancelled', endedAt: new Date().toISOString() }).catch(() => undefined)
      this.emit({ type: 'run.cancelled', runId: run.record.id })
    }
    this.notifySettled()
    return dropped.length + aborted.length
  }

  isActive(runId: string): boolean {
    return this.running.has(runId) || this.waiting.some((r) => r.record.id === runId)
  }

  /** Cancels everything, e.g. when the host shuts down, and waits until the trainers are gone. */
  async stopAll(): Promise<void> {
    await this.cancelMany([...this.waiting.map((r) => r.record.id), ...this.running.keys()])
    await this.idle()
  }

  idle(): Promise<void> {
    return this.settled([...this.waiting.map((r) => r.record.id), ...this.running.keys()])
  }

  /** Resolves once none of these runs is queued or running any more. */
  settled(runIds: readonly string[]): Promise<void> {
    const pending = runIds.filter((id) => this.isActive(id))
    if (pending.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.settledWaiters.push({ runIds: pending, resolve }))
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      // The cores are shared among the trainers that will run side by side: a lone run gets them all.
      const threads = threadsPerTrainer(Math.min(this.concurrency, this.running.size + this.waiting.length))
      const run = this.waiting.shift() as QueuedRun
      const controller = new AbortController()
      this.running.set(run.record.id, controller)
      void executeRun({ store: this.store, executor: this.executor, emit: this.emit, signal: controller.signal, threads, ...run })
        .catch(async (err: unknown) => {
          // Only the store can throw here (disk full, workspace gone): the run's outcome could not be saved.
          const error = `could not record the run: ${err instanceof Error ? err.message : String(err)}`
          // Recorded before it is announced; when the disk refuses, the store keeps it in memory.
          await this.store.update(run.record.id, { status: 'failed', error, endedAt: new Date().toISOString() }).catch(() => undefined)
          this.emit({ type: 'run.failed', runId: run.record.id, error })
        })
        .finally(() => {
          this.running.delete(run.record.id)
          this.pump()
          this.notifySettled()
        })
    }
  }

  private notifySettled(): void {
    const waiters = this.settledWaiters
    this.settledWaiters = []
    for (const waiter of waiters) {
      if (waiter.runIds.some((id) => this.isActive(id))) this.settledWaiters.push(waiter)
      else waiter.resolve()
    }
  }
}
