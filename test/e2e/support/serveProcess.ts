/** Starts `regstudio serve` as a child process, the way a user does, and reads the address it prints. */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export const REPO_ROOT = join(__dirname, '../../..')
const CLI = join(REPO_ROOT, 'bin/regstudio.js')
const URL_LINE = /^(http:\/\/[^/\s]+)\/\?token=([A-Za-z0-9._~-]+)$/

export interface ServeProcess {
  url: string
  origin: string
  token: string
  child: ChildProcess
  /** Everything the process wrote on stderr so far. */
  stderr(): string
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Runs `regstudio serve ARGS` and resolves once it prints its address; rejects if it exits first. */
export function startServeProcess(args: string[], timeoutMs = 30_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`regstudio serve printed no address within ${timeoutMs} ms; stderr: ${stderr}`))
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = stdout.split('\n').find((l) => URL_LINE.test(l.trim()))
      if (!line) return
      clearTimeout(timer)
      const [, origin, token] = URL_LINE.exec(line.trim()) as RegExpExecArray
      resolve({
        url: line.trim(),
        origin,
        token,
        child,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        }
      })
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`regstudio serve exited with code ${code} before printing an address; stderr: ${stderr}`))
    })
  })
}

/** Runs `regstudio ARGS` to the end and returns its exit code and output. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}
