/**
 * The trainer process: the only process that loads TensorFlow.js. It runs one job and exits.
 * Started by trainerHost.ts (child_process.fork under tsx) or by Electron's utilityProcess.
 */
import { formatIssues } from '../../../shared/schema'
import { readDatasetFile } from '../datasets/cache'
import { gatherImageSet, stratifiedHoldout } from '../datasets/split'
import { fileSaveHandler } from '../runs/modelFiles'
import { selectBackend } from './backend'
import { evaluateModel } from './evaluate'
import { createModel } from './model'
import { readHostMessage, type TrainJob, type WorkerMessage } from './protocol'
import { trainModel } from './train'

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
  const { tf, choice } = await selectBackend(job.backend, { threads: job.threads })
  void port.send({ type: 'backend', choice })

  const dataset = await readDatasetFile(job.datasetFile)
  const { keep, holdout } = stratifiedHoldout(dataset.train.labels, job.spec.validationSplit, job.splitSeed)
  const train = gatherImageSet(dataset.train, keep)
  const validation = holdout.length > 0 ? gatherImageSet(dataset.train, holdout) : null

  const { model, regularized } = createModel(tf, job.spec)
  try {
    const result = await trainModel({
      tf,
      model,
      regularized,
      spec: job.spec,
      train,
      validation,
      onBatch: (progress) => void port.send({ type: 'progress', progress }),
      onEpoch: (metrics) => port.send({ type: 'epoch', metrics }),
      shouldStop: isCancelled
    })
    if (result.cancelled) {
      await port.send({ type: 'cancelled', history: result.history })
      return
    }
    const { evaluation, misclassified } = evaluateModel(tf, model, regularized, train, dataset.test, job.spec.normalize)
    if (job.modelDir) await model.save(fileSaveHandler(job.modelDir))
    await port.send({
      type: 'finished',
      outcome: { ...result, seconds: (Date.now() - started) / 1000, evaluation, misclassified }
    })
  } finally {
    model.dispose()
  }
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
        await port.send({ type: 'failed', error: err instanceof Error ? err.message : String(err) })
        process.exit(1)
      }
    )
  })
}

main()
