/**
 * Starts the threaded SIMD build of tfjs-backend-wasm under Node.
 *
 * The package starts its pthread workers from a blob: URL holding the worker script, and hands
 * each worker the main script as a Blob; Node's worker_threads accepts neither (ERR_WORKER_PATH).
 * While the backend initializes, worker_threads.Worker is swapped for a subclass that runs the
 * same worker script (shipped in the package's wasm-out folder) from source and points it at the
 * package's own copy of the main script. The build also sizes its thread pool as half the logical
 * cores (it assumes two hyperthreads per core), which is one thread on a 2-core machine without
 * SMT, so os.cpus() reports enough cores for the requested count during initialization.
 */
import os from 'node:os'
import path from 'node:path'
import workerThreads from 'node:worker_threads'

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm'
/** The build preallocates eight pthread workers; more threads than that are never used. */
export const MAX_WASM_THREADS = 8

interface WorkerLoadMessage {
  cmd?: string
  urlOrBlob?: unknown
}

function packageFile(relative: string): string {
  return path.join(path.dirname(require.resolve(`${WASM_PACKAGE}/package.json`)), relative)
}

/** A Worker class that starts blob: URLs as the package's pthread worker script. */
function nodeWorkerClass(base: typeof workerThreads.Worker): typeof workerThreads.Worker {
  const contents = (require(packageFile('wasm-out/tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string })
    .wasmWorkerContents
  // The package escapes newlines the same way before making its Blob: the script has "\n" inside string literals.
  const workerScript = contents.replace(/\n/g, '\\n')
  const mainScript = packageFile('wasm-out/tfjs-backend-wasm-threaded-simd.js')

  return class PthreadWorker extends base {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      const fromBlob = typeof filename === 'string' && filename.startsWith('blob:')
      super(fromBlob ? workerScript : filename, fromBlob ? { ...options, eval: true } : options)
      // A pthread only works while the main thread waits for it inside a kernel, so it must
      // never keep the process alive by itself.
      if (fromBlob) {
        this.unref()
        this.ref = () => this
      }
    }

    override postMessage(message: unknown, transferList?: readonly workerThreads.TransferListItem[]): void {
      const load = message as WorkerLoadMessage
      if (load && load.cmd === 'load' && typeof load.urlOrBlob !== 'string') {
        message = { ...load, urlOrBlob: mainScript }
      }
      super.postMessage(message, transferList)
    }
  }
}

/**
 * Run `init` (the backend's initialization) with the worker and core-count adjustments in place,
 * then put worker_threads.Worker and os.cpus back.
 */
export async function withWasmThreadSupport<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const base = workerThreads.Worker
  const cpus = os.cpus
  const mutable = workerThreads as { Worker: typeof workerThreads.Worker }
  mutable.Worker = nodeWorkerClass(base)
  os.cpus = () => {
    const real = cpus()
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length])
  }
  try {
    return await init()
  } finally {
    mutable.Worker = base
    os.cpus = cpus
  }
}
