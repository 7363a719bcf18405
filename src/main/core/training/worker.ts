/**
 * The trainer process: the only process that loads TensorFlow.js. It runs one job and exits, or,
 * started with `keep` (trainerPool.ts), waits after a finished job for the next, keeping TF.js, its
 * backend, the kernels and the last dataset read. Started by trainerHost.ts (child_process.fork
 * under tsx) or by Electron's utilityProcess.
 */
import { stat } from 'node:fs/promises'
import { formatIssues } from '../../../shared/schema'
import { readDatasetFile } from '../datasets/cache'
import type { Dataset } from '../datasets/types'
import { fileSaveHandler } from '../runs/modelFiles'
import { selectBackend } from './backend'
import { readHostMessage, type TrainJob, type WorkerMessage } from './protocol'
import { failureMessage, runTrainingJob } from './trainingJob'

interface ParentPort {
  /** Resolves once the message is handed to the channel, so exiting afterwards cannot drop it. */
  send(message: WorkerMessage): Promise<void>
  /** Messages as they arrive, unchecked. */
  onMessage(listener: (message: unknown) => void): void
}

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

function connectToParent(): ParentPort {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (electronPort) {
    return {
      send: async (m) => electronPort.postMessage(m),
      onMessage: (l) => electronPort.on('message', (e) => l(e.data))
    }
  }
  const send = process.send?.bind(process)
  if (!send) throw new Error('the trainer must be started by a trainer host (no IPC channel)')
  return {
    send: (m) => new Promise((resolve) => send(m, undefined, {}, () => resolve())),
    onMessage: (l) => process.on('message', l)
  }
}

/** The last dataset file read, kept for the next job of a kept trainer (a study's runs share one file). */
let lastDataset: { file: string; stamp: string; dataset: Dataset } | null = null

async function datasetOf(file: string): Promise<Dataset> {
  // A file that cannot be stat'ed is left to readDatasetFile, whose error names it and the problem.
  const info = await stat(file).catch(() => null)
  const stamp = info ? `${info.mtimeMs}:${info.size}` : ''
  if (info && lastDataset?.file === file && lastDataset.stamp === stamp) return lastDataset.dataset
  lastDataset = null
  const dataset = await readDatasetFile(file)
  lastDataset = { file, stamp, dataset }
  return dataset
}

/** Runs a job; true when it finished (not cancelled), so the trainer may serve another. */
async function runJob(job: TrainJob, port: ParentPort, isCancelled: () => boolean): Promise<boolean> {
  const started = Date.now()
  const { tf, choice } = await selectBackend(job.backend, { threads: job.threads, ladder: job.ladder })
  void port.send({ type: 'backend', choice })
  const dataset = await datasetOf(job.datasetFile)
  let finished = false
  await runTrainingJob({
    tf,
    job,
    dataset,
    send: (message) => {
      if (message.type === 'finished') finished = true
      return port.send(message)
    },
    isCancelled,
    saveHandler: job.modelDir ? fileSaveHandler(job.modelDir) : undefined,
    started
  })
  return finished
}

function main(): void {
  const port = connectToParent()
  // The job running now; a cancel with none running ends the trainer.
  let current: { cancelled: boolean } | null = null
  port.onMessage((value) => {
    const checked = readHostMessage(value)
    if (!checked.ok) {
      void port.send({ type: 'failed', error: `the host sent a message this trainer cannot read: ${formatIssues(checked.issues)}` }).then(() => process.exit(1))
      return
    }
    const message = checked.value
    if (message.type === 'cancel') {
      if (!current) process.exit(0)
      current.cancelled = true
      return
    }
    if (current) return
    const job = { cancelled: false }
    current = job
    runJob(message.job, port, () => job.cancelled).then(
      async (finished) => {
        // Only a finished job leaves a known state; after a cancel or failure the next job gets a fresh trainer.
        if (!message.keep || !finished || job.cancelled) process.exit(0)
        current = null
        await port.send({ type: 'ready', rssBytes: process.memoryUsage().rss })
      },
      async (err: unknown) => {
        await port.send(failureMessage(err))
        process.exit(1)
      }
    )
  })
}

main()
