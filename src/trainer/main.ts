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

/** How long a failed run waits for the device's loss to be reported, to name the real cause. */
const LOST_GRACE_MS = 500

function deviceLost(why: string): PageMessage {
  return { type: 'failed', error: `the GPU device was lost (${why}); the run cannot go on` }
}

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
    let lost: Promise<string> | undefined
    selectWebgpu(job, message.allowFallbackAdapter === true)
      .then(async (selection) => {
        lost = selection.lost
        void lost.then((why) => send(deviceLost(why)))
        await send({ type: 'backend', choice: selection.choice })
        await runTrainingJob({
          tf: selection.tf,
          job,
          dataset,
          send,
          isCancelled: () => cancelled,
          saveHandler: job.modelDir ? artifactsSaveHandler((artifacts) => send({ type: 'model', artifacts })) : undefined,
          started
        })
      })
      .catch(async (err: unknown) => {
        // A lost device first fails the reads in flight; its own word, a moment later, says why.
        const why = lost ? await Promise.race([lost, new Promise<null>((resolve) => setTimeout(() => resolve(null), LOST_GRACE_MS))]) : null
        await send(why === null ? failureMessage(err) : deviceLost(why))
      })
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  // Only the preload's hand-over (posted to this window by itself) carries the port.
  if (event.source !== window || event.data !== TRAINER_PORT_CHANNEL || !event.ports[0]) return
  serve(event.ports[0])
})
