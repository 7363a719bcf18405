/**
 * The host's side of a WebGPU trainer page, adapted to the one TrainerProcess interface so
 * runTrainer, the queue and the run store treat a window like any trainer process. The host reads
 * and checks the prepared dataset, hands it to the page in the start message and writes the model
 * files the page sends back; whatever starts the page (an Electron window, or Chromium in tests and
 * the bench) supplies only a TrainerPage.
 */
import type { io } from '@tensorflow/tfjs'
import { readDatasetFile } from '../datasets/cache'
import { fileSaveHandler } from '../runs/modelFiles'
import { readPageMessage, type PageHostMessage } from './pageProtocol'
import type { HostMessage, WorkerMessage } from './protocol'
import { failureMessage } from './trainingJob'
import type { TrainerProcess } from './trainerProcess'

/** The page's end of its MessagePort, as the host sees it. */
export interface PagePort {
  post(message: PageHostMessage): void
  onMessage(listener: (value: unknown) => void): void
}

/** A loaded trainer page: its port, and word when it is gone (crashed, closed, its GPU process lost). */
export interface TrainerPage {
  port: Promise<PagePort>
  onGone(listener: (detail: string) => void): void
  close(): void
}

export interface PageTrainerOptions {
  /** Tests and the bench only: a software adapter counts as a GPU. Never set by the desktop app. */
  allowFallbackAdapter?: boolean
}

const FINAL = new Set<WorkerMessage['type']>(['finished', 'cancelled', 'failed'])

export function pageTrainerProcess(page: TrainerPage, options: PageTrainerOptions = {}): TrainerProcess {
  const messageListeners: ((message: WorkerMessage) => void)[] = []
  const exitListeners: ((code: number | null, detail: string) => void)[] = []
  let exited = false
  let modelDir: string | undefined
  // Page messages are handled in order: the model's files are written before 'finished' is passed on.
  let inbox: Promise<void> = Promise.resolve()

  const exit = (code: number | null, detail: string): void => {
    if (exited) return
    exited = true
    page.close()
    for (const listener of exitListeners) listener(code, detail)
  }
  const deliver = (message: WorkerMessage): void => {
    if (exited) return
    for (const listener of messageListeners) listener(message)
    if (FINAL.has(message.type)) exit(message.type === 'failed' ? 1 : 0, '')
  }

  const handle = async (value: unknown): Promise<void> => {
    const message = readPageMessage(value)
    if (message.type !== 'model') return deliver(message)
    if (!modelDir) return
    try {
      await fileSaveHandler(modelDir).save!(message.artifacts as io.ModelArtifacts)
    } catch (err) {
      deliver({ type: 'failed', error: `could not save the model: ${err instanceof Error ? err.message : String(err)}` })
    }
  }

  const start = async (message: Extract<HostMessage, { type: 'start' }>): Promise<void> => {
    const { job } = message
    modelDir = job.modelDir
    try {
      const [port, dataset] = await Promise.all([page.port, readDatasetFile(job.datasetFile)])
      if (exited) return
      port.onMessage((value) => {
        inbox = inbox.then(() => handle(value))
      })
      port.post({ type: 'start', job, dataset: { train: dataset.train, test: dataset.test }, ...(options.allowFallbackAdapter ? { allowFallbackAdapter: true } : {}) })
    } catch (err) {
      deliver(failureMessage(err))
    }
  }

  page.onGone((detail) => exit(null, detail))

  return {
    send: (message) => {
      if (exited) return
      if (message.type === 'start') void start(message)
      else void page.port.then((port) => port.post({ type: 'cancel' }))
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    kill: () => exit(null, 'stopped by the host')
  }
}
