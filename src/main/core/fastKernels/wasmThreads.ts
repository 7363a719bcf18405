/**
 * Starts the threaded SIMD build of tfjs-backend-wasm under Node.
 *
 * The package starts its pthread workers from a blob: URL holding the worker script, and hands
 * each worker the main script as a Blob; Node's worker_threads accepts neither (ERR_WORKER_PATH).
 * While the backend initializes, worker_threads.Worker is swapped for a subclass that runs the
 * same worker script (shipped in the package's wasm-out folder) from source and points it at the
 * package's own copy of the main script.
 */
import path from 'node:path'
import workerThreads from 'node:worker_threads'

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm'

interface WorkerLoadMessage {
  cmd?: string
  urlOrBlob?: unknown
}

/**
 * In the packaged app module paths point into app.asar, but the wasm backend is unpacked beside it
 * (electron-builder.yml, asarUnpack): its pthread workers read files by path, outside Electron's
 * asar support. Any other path is returned unchanged.
 */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, '$1app.asar.unpacked')
}

function packageFile(relative: string): string {
  return outsideAsar(path.join(path.dirname(require.resolve(`${WASM_PACKAGE}/package.json`)), relative))
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
 * Run `init` (the backend's initialization) with the worker adjustment in place, then put
 * worker_threads.Worker back. The build keeps the class it found for any later pthread.
 */
export async function withWasmThreadSupport<T>(init: () => Promise<T>): Promise<T> {
  const base = workerThreads.Worker
  const mutable = workerThreads as { Worker: typeof workerThreads.Worker }
  mutable.Worker = nodeWorkerClass(base)
  try {
    return await init()
  } finally {
    mutable.Worker = base
  }
}
