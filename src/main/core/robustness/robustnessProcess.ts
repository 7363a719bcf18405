/** Runs one probe job in a child process (robustnessWorker.ts under tsx, as trainers run) and returns its answer. */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { lastLine } from '../training/trainerProcess'
import type { ProbeAnswer, ProbeJob } from './probeJob'

/** How a host runs a probe job; the Electron app can pass one that starts a utilityProcess instead. */
export type RunProbeJob = (job: ProbeJob) => Promise<ProbeAnswer>

export const forkProbeProcess: RunProbeJob = (job) =>
  new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'robustnessWorker.ts'), [], {
      execArgv: ['--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
    let answer: ProbeAnswer | { error: string } | undefined
    child.on('message', (m) => (answer = m as ProbeAnswer | { error: string }))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (answer && !('error' in answer)) resolve(answer)
      else if (answer) reject(new Error(answer.error))
      else reject(new Error(`robustness process exited unexpectedly (${signal ? `killed by ${signal}` : `code ${code}`})${stderr ? `: ${lastLine(stderr)}` : ''}`))
    })
    child.send(job)
  })
