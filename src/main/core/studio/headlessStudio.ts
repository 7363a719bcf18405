/** A Studio for a headless command (`regstudio study`, the study benchmark): opened, used, closed. */
import type { QueueStatus } from '../../../shared/api'
import { spawnNodeTrainer, type SpawnTrainer } from '../training/trainerHost'
import type { RunExecutor } from './executor'
import { localExecutor } from './localExecutor'
import { defaultStudyConcurrency } from './runQueue'
import { Studio } from './studio'

export interface HeadlessStudioOptions {
  workspace: string
  cacheDir: string
  /** Named to a second host that finds the workspace taken. */
  hostName: string
  concurrency?: number
  spawn?: SpawnTrainer
  /** Where runs train (default: trainer processes here, started by `spawn`). */
  executor?: RunExecutor
  /** The queue's status (`host.queue`) when runs go to a queue: the study's time estimate counts its workers. */
  queueStatus?: () => Promise<QueueStatus>
  /** Told the runs an earlier host left running, now marked interrupted. */
  onInterrupted?: (runIds: string[]) => void
  /** Told the runs an earlier host left on the executor's queue, followed again; the command waits for them too. */
  onResumed?: (runIds: string[]) => void
}

/**
 * Takes the workspace, runs `task` on a Studio over it, waits for the runs an earlier host left on the
 * queue (this host is now their one writer), then stops its runs and releases the workspace.
 */
export async function withHeadlessStudio<T>(opts: HeadlessStudioOptions, task: (studio: Studio) => Promise<T>): Promise<T> {
  const concurrency = opts.concurrency ?? defaultStudyConcurrency()
  const studio = new Studio({
    workspace: opts.workspace,
    cacheDir: opts.cacheDir,
    executor: opts.executor ?? localExecutor(opts.spawn ?? spawnNodeTrainer, concurrency),
    transport: 'headless',
    hostName: opts.hostName,
    version: '',
    concurrency,
    queueStatus: opts.queueStatus
  })
  const interrupted = await studio.init()
  try {
    if (interrupted.length > 0) opts.onInterrupted?.(interrupted)
    if (studio.resumedRuns.length > 0) opts.onResumed?.(studio.resumedRuns)
    const result = await task(studio)
    await studio.settled(studio.resumedRuns)
    return result
  } finally {
    await studio.dispose()
  }
}
