/**
 * The WebGPU trainer page, loaded in a hidden, sandboxed window (Electron) or in Chromium (tests,
 * bench). Its preload hands it one MessagePort; over it the host starts one job and may cancel it,
 * and the page answers with the trainer process's own messages. The training is trainingJob.ts,
 * the same code every other backend runs.
 */
import { formatIssues } from '../shared/schema'
import { TRAINER_PORT_CHANNEL } from '../shared/trainerWindow'
import { readPageHostMessage, type PageMessage } from '../main/core/training/pageProtocol'
import { failureMessage, runTrainingJob } from '../main/core/training/trainingJob'
import { selectWebgpu } from '../main/core/training/webgpuBackend'
import { artifactsSaveHandler } from './artifactsSaveHandler'

function serve(port: MessagePort): void {
  let cancelled = false
  let running = false
  let ended = false
  const send = async (message: PageMessage): Promise<void> => {
    if (ended) return
    if (message.type === 'finished' || message.type === 'cancelled' || message.type === 'failed') ended = true
    port.postMessage(message)
  }

  port.onmessage = (event: MessageEvent) => {
    const checked = readPageHostMessage(event.data)
    if (!checked.ok) {
      void send({ type: 'failed', error: `the host sent a message this trainer cannot read: ${formatIssues(checked.issues)}` })
      return
    }
    const message = checked.value
    if (message.type === 'cancel') {
      cancelled = true
      if (!running) void send({ type: 'cancelled', history: [] })
      return
    }
    if (running) return
    running = true
    const started = Date.now()
    const { job, dataset } = message
    selectWebgpu(job, message.allowFallbackAdapter === true)
      .then(async ({ tf, choice, lost }) => {
        void lost.then((why) => send({ type: 'failed', error: `the GPU device was lost (${why}); the run cannot go on` }))
        await send({ type: 'backend', choice })
        await runTrainingJob({
          tf,
          job,
          dataset,
          send,
          isCancelled: () => cancelled,
          saveHandler: job.modelDir ? artifactsSaveHandler((artifacts) => send({ type: 'model', artifacts })) : undefined,
          started
        })
      })
      .catch((err: unknown) => send(failureMessage(err)))
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  // Only the preload's hand-over (posted to this window by itself) carries the port.
  if (event.source !== window || event.data !== TRAINER_PORT_CHANNEL || !event.ports[0]) return
  serve(event.ports[0])
})
