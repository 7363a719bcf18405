/**
 * One training job once TensorFlow.js is loaded and the dataset is in memory: the validation
 * hold-out, the model, the loop, the evaluation and the save. The trainer process (worker.ts) and
 * the WebGPU trainer page (src/trainer) both run it, so every backend trains the same way. No Node
 * module is imported here or below: the page bundles it for the browser.
 */
import type * as tfjs from '@tensorflow/tfjs'
import type { io } from '@tensorflow/tfjs'
import type { Dataset } from '../datasets/types'
import { evaluateModel } from './evaluate'
import { jobSplit } from './jobSplit'
import { createModel } from './model'
import type { TrainJob, WorkerMessage } from './protocol'
import { trainModel } from './train'

const FIRST_MODEL_NAME = 'sequential_1'

export interface JobContext {
  tf: typeof tfjs
  job: TrainJob
  /** The train and test sets (the dataset's source and warnings are the host's affair). */
  dataset: Pick<Dataset, 'train' | 'test'>
  /** Resolves once the message is handed on, so the caller may end right after the last one. */
  send: (message: WorkerMessage) => Promise<void>
  isCancelled: () => boolean
  /** Where the trained model goes when the job has a modelDir; absent = not saved. */
  saveHandler?: io.IOHandler
  /** When the job began (ms since the epoch), for the run's wall time. */
  started: number
}

export async function runTrainingJob({ tf, job, dataset, send, isCancelled, saveHandler, started }: JobContext): Promise<void> {
  const { train, validation } = jobSplit(dataset.train, job.spec.validationSplit, job.splitSeed)

  const { model, regularized } = createModel(tf, job.spec)
  // TF.js numbers unnamed models per process (sequential_1, sequential_2, ...) and a pooled trainer
  // runs several jobs: each model is named as in a fresh process, so its model.json does not depend on it.
  model.name = FIRST_MODEL_NAME
  try {
    const result = await trainModel({
      tf,
      model,
      regularized,
      spec: job.spec,
      train,
      validation,
      onBatch: (progress) => void send({ type: 'progress', progress }),
      onEpoch: (metrics) => send({ type: 'epoch', metrics }),
      shouldStop: isCancelled
    })
    if (result.cancelled) {
      await send({ type: 'cancelled', history: result.history })
      return
    }
    // Saved while it is evaluated: the weights no longer change, and the writes (mostly waiting for
    // the disk to confirm them) then overlap the evaluation's products instead of following them.
    const saving = saveHandler ? model.save(saveHandler) : Promise.resolve()
    // Handled here too, so a failed save is not an unhandled rejection while the evaluation runs; awaited below.
    saving.catch(() => undefined)
    const { evaluation, misclassified } = await evaluateModel(tf, model, regularized, train, dataset.test, job.spec.normalize)
    await saving
    await send({ type: 'finished', outcome: { ...result, seconds: (Date.now() - started) / 1000, evaluation, misclassified } })
  } finally {
    model.dispose()
  }
}

/** The failure message for an error: a ladder with no usable rung also lists its reasons, for the host's next stage. */
export function failureMessage(err: unknown): WorkerMessage {
  const error = err instanceof Error ? err.message : String(err)
  const details = (err as { code?: unknown; details?: { reasons?: unknown } } | null)?.details
  const reasons = (err as { code?: unknown })?.code === 'BACKEND_UNAVAILABLE' ? details?.reasons : undefined
  return Array.isArray(reasons) && reasons.every((r) => typeof r === 'string') ? { type: 'failed', error, refused: reasons } : { type: 'failed', error }
}
