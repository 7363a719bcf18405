/** Runs stepBenchWorker.ts in a child process for one backend and returns what it measured. */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import type { BackendChoice } from '../../../shared/results'
import type { BackendRequest } from '../../../shared/results'

export interface StepBenchRequest {
  backend: BackendRequest
  batchSizes: number[]
  /** Steps per timed sample. */
  steps: number
  /** Timed samples after the warm-up; the median is reported. */
  repeats: number
}

export interface StepTiming {
  backend: string
  package: string
  batch: number
  msPerStep: number
  samplesPerSec: number
  gflops: number
  samples: number[]
}

/** peakRssMB: the benchmark process's own peak resident memory. */
export type StepBenchResult = { choice: BackendChoice; results: StepTiming[]; peakRssMB: number }

export function runStepBench(request: StepBenchRequest): Promise<StepBenchResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'stepBenchWorker.ts'), [], {
      execArgv: ['--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)))
    let answer: StepBenchResult | { error: string } | undefined
    child.on('message', (m) => (answer = m as StepBenchResult | { error: string }))
    child.on('exit', (code) => {
      if (answer && 'results' in answer) resolve(answer)
      else reject(new Error(answer && 'error' in answer ? answer.error : `benchmark process exited with code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`))
    })
    child.send(request)
  })
}
