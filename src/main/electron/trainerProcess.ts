/**
 * Starts the trainer in an Electron utility process (out/main/trainer.js, built from
 * core/training/worker.ts), adapted to the one trainer-process implementation of the core.
 */
import { utilityProcess } from 'electron'
import { join } from 'node:path'
import { kernelProcessFlags } from '../core/fastKernels/kernelVariant'
import { trainerProcess, type SpawnTrainer } from '../core/training/trainerProcess'

export function utilityTrainerSpawner(entry = join(__dirname, 'trainer.js')): SpawnTrainer {
  return () => {
    // Electron's V8 has relaxed SIMD on (the flag list is then empty); the flag covers one that has not.
    const child = utilityProcess.fork(entry, [], { serviceName: 'Regularization Studio trainer', stdio: ['ignore', 'ignore', 'pipe'], execArgv: kernelProcessFlags() })
    const proc = trainerProcess({
      post: (message) => child.postMessage(message),
      stderr: child.stderr,
      onMessage: (listener) => child.on('message', listener),
      // A utility process reports its exit code only; a signal shows in the stderr tail, if anywhere.
      onExit: (listener) => child.on('exit', (code: number) => listener(code, null)),
      kill: () => child.kill()
    })
    // A V8 fatal error (e.g. out of memory) is reported here before the exit.
    child.on('error', (type: string, location: string) => proc.noteFatal(`V8 ${type}: ${location}`))
    return proc
  }
}
