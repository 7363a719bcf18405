/** `regstudio worker` processes for tests: started, watched through their log, stopped or killed. */
import { spawn, type ChildProcess } from 'node:child_process'
import { BIN } from './cli'

export interface WorkerProcess {
  child: ChildProcess
  pid: number
  log(): string
  /** Resolves once the log matches, or rejects after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>
  /** SIGTERM, then SIGKILL if still there after 5 s. */
  stop(): Promise<void>
}

export async function startWorker(url: string, args: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
  let text = ''
  const listeners = new Set<() => void>()
  child.stderr?.on('data', (c: Buffer) => {
    text += c.toString()
    for (const l of listeners) l()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(text)) return
        listeners.delete(check)
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(new Error(`worker log did not match ${pattern} in ${timeoutMs} ms:\n${text}`))
      }, timeoutMs)
      listeners.add(check)
      check()
    })
  const worker: WorkerProcess = {
    child,
    pid: child.pid as number,
    log: () => text,
    waitFor,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killer)
    }
  }
  await waitFor(/waiting for runs/)
  return worker
}
