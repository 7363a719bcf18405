/**
 * Starts the trainer in an Electron utility process (out/main/trainer.js, built from
 * core/training/worker.ts) and adapts it to the TrainerProcess interface of trainerHost.ts.
 */
import { utilityProcess } from 'electron'
import { join } from 'node:path'
import { readWorkerMessage, type HostMessage } from '../core/training/protocol'
import type { SpawnTrainer, TrainerProcess } from '../core/training/trainerHost'

const STDERR_TAIL = 2000

/** The last stderr line with words in it (TensorFlow.js frames its notices with lines of "="). */
function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => /[A-Za-z0-9]/.test(l))
  return lines[lines.length - 1] ?? ''
}

export function utilityTrainerSpawner(entry = join(__dirname, 'trainer.js')): SpawnTrainer {
  return (): TrainerProcess => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Regularization Studio trainer', stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let exited = false
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL)
    })
    // A V8 fatal error (e.g. out of memory) is reported here before the exit.
    child.on('error', (type: string, location: string) => {
      stderr = `${stderr}\nV8 ${type}: ${location}`.slice(-STDERR_TAIL)
    })
    child.on('exit', () => {
      exited = true
    })
    return {
      send: (message: HostMessage) => {
        if (!exited) child.postMessage(message)
      },
      onMessage: (listener) => child.on('message', (message: unknown) => listener(readWorkerMessage(message))),
      onExit: (listener) => child.on('exit', (code: number) => listener(code, lastLine(stderr))),
      kill: () => {
        if (!exited) child.kill()
      }
    }
  }
}
