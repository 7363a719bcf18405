/**
 * Runs one training job in a trainer process and turns its messages into a result.
 * Never rejects: a crash, a failure or a cancel each become a result the caller can record.
 */
import { fork } from 'node:child_process'
import { Socket } from 'node:net'
import { join } from 'node:path'
import type { BackendChoice, BatchProgress, EpochMetrics, TrainOutcome } from '../../../shared/results'
import { kernelProcessFlags } from '../fastKernels/kernelVariant'
import type { TrainJob } from './protocol'
import { trainerProcess, type SpawnTrainer } from './trainerProcess'

export type { SpawnTrainer, TrainerProcess } from './trainerProcess'

export interface TrainerEvents {
  onBackend?: (choice: BackendChoice) => void
  onProgress?: (progress: BatchProgress) => void
  /** Awaited before the next message is handled, so epochs are stored in order. */
  onEpoch?: (metrics: EpochMetrics) => void | Promise<void>
}

export type TrainerResult =
  | { status: 'finished'; outcome: TrainOutcome; backend?: BackendChoice }
  | { status: 'cancelled'; history: EpochMetrics[]; backend?: BackendChoice }
  | { status: 'failed'; error: string; history: EpochMetrics[]; backend?: BackendChoice; refused?: string[] }

/** How long a cancelled trainer may take to finish its batch before it is killed. */
const CANCEL_GRACE_MS = 30_000

/**
 * Starts the trainer with Node's child_process, running the TypeScript entry through tsx, with
 * relaxed SIMD turned on where Node has it behind a flag (the products' FMA kernels).
 */
export const spawnNodeTrainer: SpawnTrainer = () => {
  const child = fork(join(__dirname, 'nodeTrainerEntry.ts'), [], {
    execArgv: [...kernelProcessFlags(), '--require', require.resolve('tsx/cjs')],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  return trainerProcess({
    post: (m) => {
      if (child.connected) child.send(m)
    },
    stderr: child.stderr,
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.on('exit', l),
    kill: () => child.kill('SIGKILL'),
    // An idle pooled trainer must not keep a finishing host alive; it exits when its channel closes.
    hold: (busy) => {
      // The process, its IPC channel and its stderr pipe each hold the event loop.
      const stderr = child.stderr instanceof Socket ? child.stderr : null
      if (busy) {
        child.ref()
        child.channel?.ref()
        stderr?.ref()
      } else {
        child.unref()
        child.channel?.unref()
        stderr?.unref()
      }
    }
  })
}

/**
 * Trains `job` in a trainer `spawn` gives. With `keep`, the trainer is asked to stay for another job
 * and the result comes as soon as it finished (trainerPool.ts); else it comes when the trainer exits.
 */
export function runTrainer(
  spawn: SpawnTrainer,
  job: TrainJob,
  events: TrainerEvents = {},
  signal?: AbortSignal,
  keep = false
): Promise<TrainerResult> {
  return new Promise((resolve) => {
    const history: EpochMetrics[] = []
    let backend: BackendChoice | undefined
    let settled: TrainerResult | null = null
    let queue: Promise<void> = Promise.resolve()
    let killTimer: NodeJS.Timeout | undefined

    const proc = spawn()
    const settle = (result: TrainerResult): void => {
      if (!settled) settled = result
    }
    const end = (): void => {
      if (killTimer) clearTimeout(killTimer)
      signal?.removeEventListener('abort', onAbort)
      resolve(settled as TrainerResult)
    }

    proc.onMessage((message) => {
      // Handled in order: an epoch's storage completes before the final message resolves the run.
      queue = queue.then(async () => {
        if (settled) return
        try {
          switch (message.type) {
            case 'backend':
              backend = message.choice
              events.onBackend?.(message.choice)
              break
            case 'progress':
              events.onProgress?.(message.progress)
              break
            case 'epoch':
              history.push(message.metrics)
              await events.onEpoch?.(message.metrics)
              break
            case 'finished':
              settle({ status: 'finished', outcome: message.outcome, backend })
              if (keep) end()
              break
            case 'cancelled':
              settle({ status: 'cancelled', history: message.history, backend })
              break
            case 'failed':
              settle({ status: 'failed', error: message.error, history, backend, ...(message.refused ? { refused: message.refused } : {}) })
              break
            case 'ready':
              // The pool's affair (trainerPool.ts): the trainer is clean and waits for another job.
              break
          }
        } catch (err) {
          // A listener that fails (an epoch that cannot be stored: disk full, workspace gone) ends the
          // run: training on without recording it would only lose more. Its exit then resolves.
          const what = message.type === 'epoch' ? `could not store epoch ${message.metrics.epoch}` : `could not handle the trainer's ${message.type} message`
          settle({ status: 'failed', error: `${what}: ${err instanceof Error ? err.message : String(err)}`, history, backend })
          proc.kill()
        }
      })
    })

    proc.onExit((code, detail) => {
      queue = queue.then(() => {
        if (!settled) {
          if (signal?.aborted) settle({ status: 'cancelled', history, backend })
          else {
            const why = detail ? `: ${detail}` : ''
            settle({ status: 'failed', error: `trainer process exited unexpectedly (code ${code})${why}`, history, backend })
          }
        }
        end()
      })
    })

    const onAbort = (): void => {
      proc.send({ type: 'cancel' })
      killTimer = setTimeout(() => proc.kill(), CANCEL_GRACE_MS)
    }
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })

    proc.send({ type: 'start', job, ...(keep ? { keep } : {}) })
  })
}
