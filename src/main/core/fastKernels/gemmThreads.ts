/**
 * Spreads a matrix product over several threads. The wasm heap must be shared (the threaded build
 * of tfjs-backend-wasm): each helper thread runs its own instance of the SIMD kernels on the same
 * heap. Columns of the product are handed out in chunks from a shared counter, so a thread that
 * the OS holds back takes fewer chunks instead of holding up the rest. Between products a thread
 * polls briefly before it sleeps, as the next product usually follows at once. Each element is computed
 * by one thread with the same arithmetic as on one thread, so results do not depend on the count.
 *
 * The counter holds the product's generation (high 16 bits) next to the next chunk (low 16 bits)
 * and chunks are claimed by compare-and-swap, so a helper still finishing one product can never
 * claim a chunk of the next one with the previous product's arguments.
 */
import { Worker } from 'node:worker_threads'
import type { SimdKernels } from './simdKernels'

/** A chunk takes milliseconds; this long without progress means a helper has died mid-chunk. */
const STALL_MS = 30_000
/**
 * Polls of the control block before sleeping in Atomics.wait (a few microseconds each at most):
 * the products of a step follow each other within tens of microseconds, and a futex wake-up
 * costs about as much again on each side, so a short spin saves a sleep-and-wake per product.
 */
const SPIN = 2000

// Control block layout (Int32Array slots).
const GENERATION = 0
/** (generation & 0xffff) << 16 | next chunk. */
const NEXT_CHUNK = 1
const DONE_CHUNKS = 2
const CHUNKS = 3
const STOP = 4
/** Strips (of the block's width) of the product; chunk c covers strips c * STRIPS / CHUNKS up to (c + 1) * STRIPS / CHUNKS. */
const STRIPS = 5
const ARGS = 6
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

/** chunkColumns(chunk, chunks, strips, n, strip): the first column of `chunk` and the one after its last. */
const COLUMNS_BODY = `
  return [strip * Math.floor((chunk * strips) / chunks), Math.min(n, strip * Math.floor(((chunk + 1) * strips) / chunks))]
`
export const chunkColumns = new Function('chunk', 'chunks', 'strips', 'n', 'strip', COLUMNS_BODY) as (
  chunk: number,
  chunks: number,
  strips: number,
  n: number,
  strip: number
) => [number, number]

/** Columns per chunk at most: their panel (K x 48 floats, 150 KB at K = 784) stays in the L2 cache. */
const MAX_CHUNK_COLUMNS = 48

/**
 * How a product of `n` columns is cut for `threads` threads into strips `strip` columns wide:
 * chunks of at most 48 columns, as equal as the strips allow, their count a multiple of the
 * thread count so that threads the OS treats alike finish together. `columns` is the widest
 * chunk, for sizing the panels.
 */
export function chunking(n: number, threads: number, strip: number): { strips: number; chunks: number; columns: number } {
  const strips = Math.ceil(n / strip)
  const maxStrips = Math.max(1, Math.floor(MAX_CHUNK_COLUMNS / strip))
  const chunks = Math.min(strips, threads * Math.ceil(strips / (threads * maxStrips)))
  return { strips, chunks, columns: strip * Math.ceil(strips / chunks) }
}

/** Multiply-adds from which a product is worth spreading over threads (about 30 us on one). */
const PARALLEL_WORK = 1 << 20

/**
 * Threads worth using for an M x K x N product with `threads` available: all of them for a
 * product large enough whose columns give every thread a chunk, else the calling thread alone
 * (with 12-column strips the output layer's 10 columns are one strip: waking a helper would only
 * cost the hand-off). Either way each element is computed identically.
 */
export function productThreads(m: number, k: number, n: number, threads: number, strip: number): number {
  return m * k * n >= PARALLEL_WORK && chunking(n, threads, strip).chunks >= threads ? threads : 1
}

/**
 * The helper thread: waits for a new generation, then claims chunks until none are left. Plain
 * JavaScript evaluated in the worker, so it needs no loader or bundler support.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, control, index, strip } = workerData
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports
const ctl = new Int32Array(control)
function claim(ctl, generation, chunks) {${CLAIM_BODY}}
function columns(chunk, chunks, strips, n, strip) {${COLUMNS_BODY}}
let seen = 0
for (;;) {
  for (let spin = 0; spin < ${SPIN} && Atomics.load(ctl, ${GENERATION}) === seen; spin++);
  Atomics.wait(ctl, ${GENERATION}, seen)
  seen = Atomics.load(ctl, ${GENERATION})
  if (Atomics.load(ctl, ${STOP}) !== 0) break
  const [pa, b, c, m, k, n, transposed] = ctl.subarray(${ARGS}, ${ARGS + ARG_COUNT})
  const panel = ctl[${PANELS} + index]
  const chunks = ctl[${CHUNKS}]
  const strips = ctl[${STRIPS}]
  for (let chunk = claim(ctl, seen, chunks); chunk >= 0; chunk = claim(ctl, seen, chunks)) {
    const [j0, j1] = columns(chunk, chunks, strips, n, strip)
    kernels.gemm(pa, b, c, m, k, n, j0, j1, panel, transposed)
    if (Atomics.add(ctl, ${DONE_CHUNKS}, 1) + 1 === chunks) Atomics.notify(ctl, ${DONE_CHUNKS})
  }
}
`

export class GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4))
  private readonly workers: Worker[]

  /**
   * `helpers` threads besides the calling one, each with the kernels of `module` on `memory`;
   * `strip` is the width of the module's column strips (gemmCode.ts blockFor).
   */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly kernels: SimdKernels,
    helpers: number,
    private readonly strip: number
  ) {
    this.workers = Array.from({ length: helpers }, (_, i) => {
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index: i + 1, strip }
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
   * thread t (thread 0 is the caller), each of panelFloats(k, chunking(n, threads, strip).columns, block)
   * floats. Returns when every column is done.
   */
  gemm(pa: number, b: number, c: number, m: number, k: number, n: number, transposed: number, panels: number[]): void {
    const ctl = this.control
    const { strips, chunks } = chunking(n, this.threads, this.strip)
    const generation = Atomics.load(ctl, GENERATION) + 1
    ctl.set([pa, b, c, m, k, n, transposed], ARGS)
    ctl.set(panels, PANELS)
    ctl[CHUNKS] = chunks
    ctl[STRIPS] = strips
    Atomics.store(ctl, DONE_CHUNKS, 0)
    Atomics.store(ctl, NEXT_CHUNK, (generation & 0xffff) << 16)
    Atomics.store(ctl, GENERATION, generation)
    Atomics.notify(ctl, GENERATION)
    for (let chunk = claim(ctl, generation, chunks); chunk >= 0; chunk = claim(ctl, generation, chunks)) {
      const [j0, j1] = chunkColumns(chunk, chunks, strips, n, this.strip)
      this.kernels.gemm(pa, b, c, m, k, n, j0, j1, panels[0], transposed)
      Atomics.add(ctl, DONE_CHUNKS, 1)
    }
    for (let spin = 0; spin < SPIN && Atomics.load(ctl, DONE_CHUNKS) < chunks; spin++);
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
