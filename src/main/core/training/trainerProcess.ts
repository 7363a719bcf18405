/**
 * One trainer-process implementation for both ways of starting one (Node's child_process for the
 * CLI and `serve`, Electron's utilityProcess for the app): each only adapts its child to `ChildHandle`.
 */
import { readWorkerMessage, type HostMessage, type WorkerMessage } from './protocol'

/** A running trainer process, whatever starts it. */
export interface TrainerProcess {
  send(message: HostMessage): void
  onMessage(listener: (message: WorkerMessage) => void): void
  onExit(listener: (code: number | null, detail: string) => void): void
  kill(): void
  /** Whether the process keeps its host running: a pooled trainer waiting for a job does not. */
  hold?(busy: boolean): void
}

export type SpawnTrainer = () => TrainerProcess

/** What a child process offers, named the same for both kinds. */
export interface ChildHandle {
  post(message: HostMessage): void
  stderr: NodeJS.ReadableStream | null | undefined
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void
  kill(): void
  hold?(busy: boolean): void
}

const STDERR_TAIL = 2000

export function trainerProcess(child: ChildHandle): TrainerProcess & { noteFatal(text: string): void } {
  let stderr = ''
  let exited = false
  const keep = (text: string): void => {
    stderr = (stderr + text).slice(-STDERR_TAIL)
  }
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk.toString()))
  child.onExit(() => {
    exited = true
  })
  return {
    send: (message) => {
      if (!exited) child.post(message)
    },
    onMessage: (listener) => child.onMessage((message) => listener(readWorkerMessage(message))),
    onExit: (listener) => child.onExit((code, signal) => listener(code, exitDetail(stderr, signal))),
    kill: () => {
      if (!exited) child.kill()
    },
    hold: (busy) => {
      if (!exited) child.hold?.(busy)
    },
    /** A fatal error the runtime reports outside stderr (Electron: V8 out of memory). */
    noteFatal: (text) => keep(`\n${text}`)
  }
}

/** The last stderr line with words in it (TensorFlow.js frames its notices with lines of "="). */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => /[A-Za-z0-9]/.test(l))
  return lines[lines.length - 1] ?? ''
}

/** Why the trainer exited: the signal that killed it, with stderr's last line only when it names a cause. */
function exitDetail(stderr: string, signal: NodeJS.Signals | null): string {
  const line = lastLine(stderr)
  if (!signal) return line
  // Before a signal, stderr holds its cause only if the process printed one (V8's fatal errors do).
  return /error|fatal|out of memory/i.test(line) ? `killed by ${signal}: ${line}` : `killed by ${signal}`
}
