/** Runs one probe job in a child process (robustnessWorker.ts under tsx, as trainers run) and returns its answer. */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { UserError } from '../../../shared/errors'
import { lastLine } from '../training/trainerProcess'
import { readProbeMessage, type ProbeAnswer, type ProbeJob } from './probeJob'

export interface ProbeHooks {
  /** Test passes measured so far, of all the job's. */
  onProgress?: (done: number, total: number) => void
  /** Aborting kills the process; the job then rejects with a 'cancelled' UserError. */
  signal?: AbortSignal
}

/** How a host runs a probe job; the Electron app passes one that forks its built entry instead. */
export type RunProbeJob = (job: ProbeJob, hooks?: ProbeHooks) => Promise<ProbeAnswer>

/**
 * A RunProbeJob forking `entry` with Node. By default the TypeScript source under tsx; the desktop
 * app gives its built out/main/robustness.js and Electron's own binary as Node.
 */
export function probeProcessRunner(
  entry = join(__dirname, 'robustnessWorker.ts'),
  options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = { execArgv: ['--require', require.resolve('tsx/cjs')] }
): RunProbeJob {
  return (job, hooks = {}) =>
    new Promise((resolve, reject) => {
      if (hooks.signal?.aborted) return reject(new UserError('cancelled', 'robustness probe cancelled'))
      const child = fork(entry, [], { execArgv: options.execArgv ?? [], env: options.env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
      let answer: ProbeAnswer | undefined
      let error: string | undefined
      const cancel = (): void => {
        child.kill()
      }
      hooks.signal?.addEventListener('abort', cancel, { once: true })
      child.on('message', (raw) => {
        const m = readProbeMessage(raw)
        if ('progress' in m) hooks.onProgress?.(m.progress.done, m.progress.total)
        else if ('answer' in m) answer = m.answer
        else error = m.error
      })
      child.on('error', reject)
      child.on('exit', (code, signal) => {
        hooks.signal?.removeEventListener('abort', cancel)
        if (answer) resolve(answer)
        else if (hooks.signal?.aborted) reject(new UserError('cancelled', 'robustness probe cancelled'))
        else if (error !== undefined) reject(new Error(error))
        else reject(new Error(`robustness process exited unexpectedly (${signal ? `killed by ${signal}` : `code ${code}`})${stderr ? `: ${lastLine(stderr)}` : ''}`))
      })
      child.send(job)
    })
}

export const forkProbeProcess: RunProbeJob = probeProcessRunner()
