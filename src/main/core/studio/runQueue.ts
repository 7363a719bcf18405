/** Runs queued runs in trainer processes, a fixed number at a time, first in first out, cancellable. */
import type { RunEvent } from '../../../shared/events'
import type { RunRecord } from '../../../shared/results'
import type { RunStore } from '../runs/runStore'
import { threadsPerTrainer } from '../study/runStudy'
import { executeRun } from '../training/executeRun'
import type { BackendRequest } from '../../../shared/results'
import type { SpawnTrainer } from '../training/trainerHost'

export interface QueuedRun {
  record: RunRecord
  datasetFile: string
  splitSeed: number
  backend: BackendRequest
}

export class RunQueue {
  private readonly waiting: QueuedRun[] = []
  private readonly running = new Map<string, AbortController>()
  private idleWaiters: (() => void)[] = []

  constructor(
    private readonly store: RunStore,
    private readonly spawn: SpawnTrainer,
    private readonly emit: (event: RunEvent) => void,
    private readonly concurrency = 1
  ) {}

  /** Queues runs together, so runs of one study share the cores from the start. */
  enqueue(...runs: QueuedRun[]): void {
    for (const run of runs) {
      this.waiting.push(run)
      this.emit({ type: 'run.queued', runId: run.record.id, name: run.record.name, studyId: run.record.studyId })
    }
    this.pump()
  }

  /** Cancels a queued run at once, or a running one after its current batch. False if it is neither. */
  async cancel(runId: string): Promise<boolean> {
    const index = this.waiting.findIndex((r) => r.record.id === runId)
    if (index !== -1) {
      this.waiting.splice(index, 1)
      await this.store.update(runId, { status: 'cancelled', endedAt: new Date().toISOString() })
      this.emit({ type: 'run.cancelled', runId })
      this.notifyIfIdle()
      return true
    }
    const controller = this.running.get(runId)
    if (!controller) return false
    controller.abort()
    return true
  }

  isActive(runId: string): boolean {
    return this.running.has(runId) || this.waiting.some((r) => r.record.id === runId)
  }

  /** Cancels everything, e.g. when the host shuts down, and waits until the trainers are gone. */
  async stopAll(): Promise<void> {
    for (const run of [...this.waiting]) await this.cancel(run.record.id)
    for (const controller of this.running.values()) controller.abort()
    await this.idle()
  }

  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      // The cores are shared among the trainers that will run side by side: a lone run gets them all.
      const threads = threadsPerTrainer(Math.min(this.concurrency, this.running.size + this.waiting.length))
      const run = this.waiting.shift() as QueuedRun
      const controller = new AbortController()
      this.running.set(run.record.id, controller)
      void executeRun({ store: this.store, spawn: this.spawn, emit: this.emit, signal: controller.signal, threads, ...run })
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
          this.notifyIfIdle()
        })
    }
  }

  private notifyIfIdle(): void {
    if (this.running.size > 0 || this.waiting.length > 0) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const w of waiters) w()
  }
}
