/**
 * The trainer process: the only process that loads TensorFlow.js. It runs one job and exits.
 * Started by trainerHost.ts (child_process.fork under tsx) or by Electron's utilityProcess.
 */
import { formatIssues } from '../../../shared/schema'
import { readDatasetFile } from '../datasets/cache'
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

async function runJob(job: TrainJob, port: ParentPort, isCancelled: () => boolean): Promise<void> {
  const started = Date.now()
  const { tf, choice } = await selectBackend(job.backend, { threads: job.threads, ladder: job.ladder })
  void port.send({ type: 'backend', choice })
  const dataset = await readDatasetFile(job.datasetFile)
  await runTrainingJob({
    tf,
    job,
    dataset,
    send: (message) => port.send(message),
    isCancelled,
    saveHandler: job.modelDir ? fileSaveHandler(job.modelDir) : undefined,
    started
  })
}

function main(): void {
  const port = connectToParent()
  let cancelled = false
  let running = false
  port.onMessage((value) => {
    const checked = readHostMessage(value)
    if (!checked.ok) {
      void port.send({ type: 'failed', error: `the host sent a message this trainer cannot read: ${formatIssues(checked.issues)}` }).then(() => process.exit(1))
      return
    }
    const message = checked.value
    if (message.type === 'cancel') {
      cancelled = true
      if (!running) process.exit(0)
      return
    }
    if (running) return
    running = true
    runJob(message.job, port, () => cancelled).then(
      () => process.exit(0),
      async (err: unknown) => {
        await port.send(failureMessage(err))
        process.exit(1)
      }
    )
  })
}

main()
