/** Runs one benchmark worker (a TypeScript file next to this one) in a child process and returns its one answer. */
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { kernelProcessFlags } from '../fastKernels/kernelVariant'

export function runBenchProcess<Request, Answer extends object>(file: string, request: Request, nodeFlags: string[] = []): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, file), [], {
      // As the trainer is started: with relaxed SIMD where Node has it behind a flag.
      execArgv: [...kernelProcessFlags(), ...nodeFlags, '--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)))
    let answer: Answer | { error: string } | undefined
    child.on('message', (m) => (answer = m as Answer | { error: string }))
    child.on('exit', (code) => {
      if (answer && !('error' in answer)) resolve(answer)
      else reject(new Error(answer && 'error' in answer ? answer.error : `benchmark process exited with code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`))
    })
    child.send(request as object)
  })
}

/** The worker side: answers the first request with `measure`'s result (or its error) and exits. */
export function serveBenchRequest<Request, Answer>(measure: (request: Request) => Promise<Answer>): void {
  process.once('message', (request: Request) => {
    measure(request).then(
      (result) => process.send!(result as object, () => process.exit(0)),
      (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(1))
    )
  })
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** This process's peak resident memory so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}
