/**
 * Spreads a matrix product over several threads. The wasm heap must be shared (the threaded build
 * of tfjs-backend-wasm): each helper thread runs its own instance of the SIMD kernels on the same
 * heap. Columns of the product are handed out in chunks from a shared counter, so a thread that
 * the OS holds back takes fewer chunks instead of holding up the rest. Each element is computed
 * by one thread with the same arithmetic as on one thread, so results do not depend on the count.
 *
 * The counter holds the product's generation (high 16 bits) next to the next chunk (low 16 bits)
 * and chunks are claimed by compare-and-swap, so a helper still finishing one product can never
 * claim a chunk of the next one with the previous product's arguments.
 */
import { Worker } from 'node:worker_threads'
import type { SimdKernels } from './simdKernels'

/** Columns per chunk: four 12-column blocks, small enough to balance, large enough to amortize the claim. */
const CHUNK = 48
/** A chunk takes milliseconds; this long without progress means a helper has died mid-chunk. */
const STALL_MS = 30_000

// Control block layout (Int32Array slots).
const GENERATION = 0
/** (generation & 0xffff) << 16 | next chunk. */
const NEXT_CHUNK = 1
const DONE_CHUNKS = 2
const CHUNKS = 3
const STOP = 4
const ARGS = 5
const ARG_COUNT = 7
const PANELS = ARGS + ARG_COUNT
const CONTROL_SLOTS = PANELS + 64

/**
 * claim(ctl, generation, chunks): the next chunk of `generation`, or -1 when that generation has
 * none left (or is over). One source for both sides: the helpers get it as text.
 */
const CLAIM_BODY = `
  for (;;) {
    const value = Atomics.load(ctl, ${NEXT_CHUNK})
    if (value >>> 16 !== (generation & 0xffff) || (value & 0xffff) >= chunks) return -1
    if (Atomics.compareExchange(ctl, ${NEXT_CHUNK}, value, value + 1) === value) return value & 0xffff
  }
`
const claim = new Function('ctl', 'generation', 'chunks', CLAIM_BODY) as (ctl: Int32Array, generation: number, chunks: number) => number

/**
 * The helper thread: waits for a new generation, then claims chunks until none are left. Plain
 * JavaScript evaluated in the worker, so it needs no loader or bundler support.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, control, index } = workerData
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports
const ctl = new Int32Array(control)
function claim(ctl, generation, chunks) {${CLAIM_BODY}}
let seen = 0
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen)
  seen = Atomics.load(ctl, ${GENERATION})
  if (Atomics.load(ctl, ${STOP}) !== 0) break
  const [pa, b, c, m, k, n, transposed] = ctl.subarray(${ARGS}, ${ARGS + ARG_COUNT})
  const panel = ctl[${PANELS} + index]
  const chunks = ctl[${CHUNKS}]
  for (let chunk = claim(ctl, seen, chunks); chunk >= 0; chunk = claim(ctl, seen, chunks)) {
    const j0 = chunk * ${CHUNK}
    kernels.gemm(pa, b, c, m, k, n, j0, Math.min(n, j0 + ${CHUNK}), panel, transposed)
    if (Atomics.add(ctl, ${DONE_CHUNKS}, 1) + 1 === chunks) Atomics.notify(ctl, ${DONE_CHUNKS})
  }
}
`

export class GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4))
  private readonly workers: Worker[]

  /** `helpers` threads besides the calling one, each with the kernels of `module` on `memory`. */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly kernels: SimdKernels,
    helpers: number
  ) {
    this.workers = Array.from({ length: helpers }, (_, i) => {
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index: i + 1 }
      })
      // Helpers only work while the main thread waits for them: they must not keep the process alive.
      worker.unref()
      // A helper that fails to start never claims a chunk: the other threads do its share.
      worker.on('error', () => undefined)
      return worker
    })
  }

  /** Threads that take part in a product, the calling one included. */
  get threads(): number {
    return this.workers.length + 1
  }

  /**
   * C[M,N] = A * B as gemm() computes it (A packed), with `panels[t]` the scratch panel of
   * thread t (thread 0 is the caller). Returns when every column is done.
   */
  gemm(pa: number, b: number, c: number, m: number, k: number, n: number, transposed: number, panels: number[]): void {
    const ctl = this.control
    const chunks = Math.ceil(n / CHUNK)
    const generation = Atomics.load(ctl, GENERATION) + 1
    ctl.set([pa, b, c, m, k, n, transposed], ARGS)
    ctl.set(panels, PANELS)
    ctl[CHUNKS] = chunks
    Atomics.store(ctl, DONE_CHUNKS, 0)
    Atomics.store(ctl, NEXT_CHUNK, (generation & 0xffff) << 16)
    Atomics.store(ctl, GENERATION, generation)
    Atomics.notify(ctl, GENERATION)
    for (let chunk = claim(ctl, generation, chunks); chunk >= 0; chunk = claim(ctl, generation, chunks)) {
      const j0 = chunk * CHUNK
      this.kernels.gemm(pa, b, c, m, k, n, j0, Math.min(n, j0 + CHUNK), panels[0], transposed)
      Atomics.add(ctl, DONE_CHUNKS, 1)
    }
    for (let done = Atomics.load(ctl, DONE_CHUNKS); done < chunks; done = Atomics.load(ctl, DONE_CHUNKS)) {
      if (Atomics.wait(ctl, DONE_CHUNKS, done, STALL_MS) === 'timed-out') {
        throw new Error(`a matrix product thread stopped responding (${done} of ${chunks} column chunks done)`)
      }
    }
  }

  dispose(): void {
    Atomics.store(this.control, STOP, 1)
    Atomics.add(this.control, GENERATION, 1)
    Atomics.notify(this.control, GENERATION)
    for (const worker of this.workers) void worker.terminate()
  }
}
