/**
 * Spreads a matrix product over several threads. The wasm heap must be shared (the threaded build
 * of tfjs-backend-wasm): each helper thread runs its own instance of the SIMD kernels on the same
 * heap. A product has two phases: the threads pack A's row blocks (packA), and once every block is
 * packed they compute the columns of the product. Both are handed out in chunks from shared
 * counters, so a thread that the OS holds back takes fewer chunks instead of holding up the rest.
 * Between products a thread polls briefly before it sleeps, as the next product usually follows
 * at once. Each element is computed by one thread with the same arithmetic as on one thread, so
 * results do not depend on the count.
 *
 * The counters hold the product's generation (high 16 bits) next to the next chunk (low 16 bits)
 * and chunks are claimed by compare-and-swap, so a helper still finishing one product can never
 * claim a chunk of the next one with the previous product's arguments.
 */
import { Worker } from 'node:worker_threads'
import { packedBlockFloats, type Block } from './gemmCode'
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
/** (generation & 0xffff) << 16 | next column chunk. */
const NEXT_CHUNK = 1
const DONE_CHUNKS = 2
const CHUNKS = 3
const STOP = 4
/** Strips (of the block's width) of the product; chunk c covers strips c * STRIPS / CHUNKS up to (c + 1) * STRIPS / CHUNKS. */
const STRIPS = 5
/** (generation & 0xffff) << 16 | next chunk of A's row blocks to pack. */
const NEXT_PACK = 6
const PACKED_CHUNKS = 7
const PACK_CHUNKS = 8
/** Row blocks of A; pack chunk c covers blocks c * BLOCKS / PACK_CHUNKS up to (c + 1) * BLOCKS / PACK_CHUNKS. */
const BLOCKS = 9
/** 1 when the product's chunks are ranges of rows (a few columns, many rows), else 0: ranges of columns. */
const BY_ROWS = 10
/** Bytes from one block of packed A to the next (gemmCode.ts packedBlockFloats). */
const BLOCK_BYTES = 11
const ARGS = 12
/** a, transposedA, pa, b, c, m, k, n, transposed. */
const ARG_COUNT = 9
const PANELS = ARGS + ARG_COUNT
const CONTROL_SLOTS = PANELS + 64

/** Pack chunks per thread: a few each, so a thread held back leaves its share to the others. */
const PACK_CHUNKS_PER_THREAD = 4
/** Elements of A from which the threads pack it together (the evaluation's 1024-image batches, not training's 128). */
const PARALLEL_PACK = 1 << 18

/**
 * claim(ctl, slot, generation, chunks): the next chunk of `generation` from the counter at `slot`,
 * or -1 when that generation has none left (or is over). One source for both sides: the helpers
 * get it as text.
 */
const CLAIM_BODY = `
  for (;;) {
    const value = Atomics.load(ctl, slot)
    if (value >>> 16 !== (generation & 0xffff) || (value & 0xffff) >= chunks) return -1
    if (Atomics.compareExchange(ctl, slot, value, value + 1) === value) return value & 0xffff
  }
`
const claim = new Function('ctl', 'slot', 'generation', 'chunks', CLAIM_BODY) as (ctl: Int32Array, slot: number, generation: number, chunks: number) => number

/** The first row block of chunk `chunk` of `chunks` over `blocks` row blocks, and the one after its last. */
const BLOCKS_BODY = `
  return [Math.floor((chunk * blocks) / chunks), Math.floor(((chunk + 1) * blocks) / chunks)]
`
const blockRange = new Function('chunk', 'chunks', 'blocks', BLOCKS_BODY) as (chunk: number, chunks: number, blocks: number) => [number, number]

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
 * product large enough that gives every thread a chunk of columns or, with few columns (the
 * output layer's 10 are one 12-column strip), a range of row blocks; else the calling thread
 * alone. Either way each element is computed identically.
 */
export function productThreads(m: number, k: number, n: number, threads: number, block: Block): number {
  if (m * k * n < PARALLEL_WORK) return 1
  return chunking(n, threads, block.strip).chunks >= threads || Math.ceil(m / block.rows) >= threads ? threads : 1
}

/** Whether the threads share a product by rows: when its columns do not give each of them a chunk. */
export function byRows(n: number, threads: number, strip: number): boolean {
  return chunking(n, threads, strip).chunks < threads
}

/** Columns each thread's panel must hold: the widest chunk of columns, or every column when shared by rows. */
export function panelColumns(n: number, threads: number, strip: number): number {
  return byRows(n, threads, strip) ? strip * Math.ceil(n / strip) : chunking(n, threads, strip).columns
}

/**
 * rowRange(b0, b1, m, rows, blockBytes): for row blocks b0..b1-1 of a product shared by rows,
 * their first row, their row count and the byte offset of block b0 in packed A.
 */
const ROWS_BODY = `
  const first = b0 * rows
  return [first, Math.min(m, b1 * rows) - first, b0 * blockBytes]
`
const rowRange = new Function('b0', 'b1', 'm', 'rows', 'blockBytes', ROWS_BODY) as (b0: number, b1: number, m: number, rows: number, blockBytes: number) => [number, number, number]

/**
 * The helper thread: waits for a new generation, then claims chunks until none are left. Plain
 * JavaScript evaluated in the worker, so it needs no loader or bundler support.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { module, memory, control, index, strip, rows } = workerData
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports
const ctl = new Int32Array(control)
function claim(ctl, slot, generation, chunks) {${CLAIM_BODY}}
function columns(chunk, chunks, strips, n, strip) {${COLUMNS_BODY}}
function blockRange(chunk, chunks, blocks) {${BLOCKS_BODY}}
function rowRange(b0, b1, m, rows, blockBytes) {${ROWS_BODY}}
let seen = 0
for (;;) {
  for (let spin = 0; spin < ${SPIN} && Atomics.load(ctl, ${GENERATION}) === seen; spin++);
  Atomics.wait(ctl, ${GENERATION}, seen)
  seen = Atomics.load(ctl, ${GENERATION})
  if (Atomics.load(ctl, ${STOP}) !== 0) break
  const [a, transposedA, pa, b, c, m, k, n, transposed] = ctl.subarray(${ARGS}, ${ARGS + ARG_COUNT})
  const panel = ctl[${PANELS} + index]
  const packChunks = ctl[${PACK_CHUNKS}]
  const blocks = ctl[${BLOCKS}]
  const blockBytes = ctl[${BLOCK_BYTES}]
  for (let chunk = claim(ctl, ${NEXT_PACK}, seen, packChunks); chunk >= 0; chunk = claim(ctl, ${NEXT_PACK}, seen, packChunks)) {
    const [b0, b1] = blockRange(chunk, packChunks, blocks)
    kernels.packA(a, pa, m, k, transposedA, b0, b1)
    if (Atomics.add(ctl, ${PACKED_CHUNKS}, 1) + 1 === packChunks) Atomics.notify(ctl, ${PACKED_CHUNKS})
  }
  // Every block packed before any column: each column chunk reads all of A. A helper that woke
  // late, with the product already over, finds the generation moved on and goes back to waiting.
  for (let spin = 0; Atomics.load(ctl, ${PACKED_CHUNKS}) < packChunks && Atomics.load(ctl, ${GENERATION}) === seen; spin++) {
    if (spin >= ${SPIN}) Atomics.wait(ctl, ${PACKED_CHUNKS}, Atomics.load(ctl, ${PACKED_CHUNKS}), 1)
  }
  const chunks = ctl[${CHUNKS}]
  const strips = ctl[${STRIPS}]
  const shareRows = ctl[${BY_ROWS}] === 1
  for (let chunk = claim(ctl, ${NEXT_CHUNK}, seen, chunks); chunk >= 0; chunk = claim(ctl, ${NEXT_CHUNK}, seen, chunks)) {
    if (shareRows) {
      const [b0, b1] = blockRange(chunk, chunks, blocks)
      const [first, count, packedAt] = rowRange(b0, b1, m, rows, blockBytes)
      kernels.packA(a, pa, m, k, transposedA, b0, b1)
      kernels.gemm(pa + packedAt, b, c + 4 * first * n, count, k, n, 0, n, panel, transposed)
    } else {
      const [j0, j1] = columns(chunk, chunks, strips, n, strip)
      kernels.gemm(pa, b, c, m, k, n, j0, j1, panel, transposed)
    }
    if (Atomics.add(ctl, ${DONE_CHUNKS}, 1) + 1 === chunks) Atomics.notify(ctl, ${DONE_CHUNKS})
  }
}
`

export class GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4))
  private readonly workers: Worker[]

  private readonly strip: number
  private readonly rows: number

  /**
   * `helpers` threads besides the calling one, each with the kernels of `module` on `memory`;
   * `block` is the module's register block (gemmCode.ts blockFor): its rows make A's blocks, its
   * strip the width of the column strips.
   */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly kernels: SimdKernels,
    helpers: number,
    block: Block
  ) {
    this.strip = block.strip
    this.rows = block.rows
    this.workers = Array.from({ length: helpers }, (_, i) => {
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index: i + 1, strip: block.strip, rows: block.rows }
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
   * C[M,N] = A * B as packA() and gemm() compute it: A [M,K] at `a` (transposedA: stored as [K,M])
   * packed into `pa` (packedAFloats floats), with `panels[t]` the scratch panel of thread t (thread 0
   * is the caller), each of panelFloats(k, panelColumns(n, threads, strip), block) floats. Shared
   * by columns, the threads pack A together (or this thread alone, when small), then take chunks of
   * columns; shared by rows (few columns), each chunk is a range of row blocks packed and multiplied
   * by the thread that claims it. Returns when every chunk is done.
   */
  gemm(a: number, transposedA: number, pa: number, b: number, c: number, m: number, k: number, n: number, transposed: number, panels: number[]): void {
    const ctl = this.control
    const { strips, chunks: columnChunks } = chunking(n, this.threads, this.strip)
    const shareRows = columnChunks < this.threads
    const blocks = Math.ceil(m / this.rows)
    const chunks = shareRows ? Math.min(blocks, this.threads * PACK_CHUNKS_PER_THREAD) : columnChunks
    // A small A is packed here before the helpers are woken: packing it on several threads
    // measured slower at batch 128, as a helper just woken takes a chunk and the rest wait for it.
    const packChunks = !shareRows && m * k >= PARALLEL_PACK ? Math.min(blocks, this.threads * PACK_CHUNKS_PER_THREAD) : 0
    if (!shareRows && packChunks === 0) this.kernels.packA(a, pa, m, k, transposedA, 0, blocks)
    const generation = Atomics.load(ctl, GENERATION) + 1
    ctl.set([a, transposedA, pa, b, c, m, k, n, transposed], ARGS)
    ctl.set(panels, PANELS)
    ctl[CHUNKS] = chunks
    ctl[STRIPS] = strips
    ctl[PACK_CHUNKS] = packChunks
    ctl[BLOCKS] = blocks
    ctl[BY_ROWS] = shareRows ? 1 : 0
    ctl[BLOCK_BYTES] = 4 * packedBlockFloats(k, this.rows)
    Atomics.store(ctl, DONE_CHUNKS, 0)
    Atomics.store(ctl, PACKED_CHUNKS, 0)
    Atomics.store(ctl, NEXT_PACK, (generation & 0xffff) << 16)
    Atomics.store(ctl, NEXT_CHUNK, (generation & 0xffff) << 16)
    Atomics.store(ctl, GENERATION, generation)
    Atomics.notify(ctl, GENERATION)
    for (let chunk = claim(ctl, NEXT_PACK, generation, packChunks); chunk >= 0; chunk = claim(ctl, NEXT_PACK, generation, packChunks)) {
      const [b0, b1] = blockRange(chunk, packChunks, blocks)
      this.kernels.packA(a, pa, m, k, transposedA, b0, b1)
      Atomics.add(ctl, PACKED_CHUNKS, 1)
    }
    this.awaitCount(PACKED_CHUNKS, packChunks, 'row blocks packed')
    for (let chunk = claim(ctl, NEXT_CHUNK, generation, chunks); chunk >= 0; chunk = claim(ctl, NEXT_CHUNK, generation, chunks)) {
      if (shareRows) {
        const [b0, b1] = blockRange(chunk, chunks, blocks)
        const [first, count, packedAt] = rowRange(b0, b1, m, this.rows, ctl[BLOCK_BYTES])
        this.kernels.packA(a, pa, m, k, transposedA, b0, b1)
        this.kernels.gemm(pa + packedAt, b, c + 4 * first * n, count, k, n, 0, n, panels[0], transposed)
      } else {
        const [j0, j1] = chunkColumns(chunk, chunks, strips, n, this.strip)
        this.kernels.gemm(pa, b, c, m, k, n, j0, j1, panels[0], transposed)
      }
      Atomics.add(ctl, DONE_CHUNKS, 1)
    }
    this.awaitCount(DONE_CHUNKS, chunks, 'chunks done')
  }

  /** Returns once the counter at `slot` reaches `total`: spins briefly, then sleeps; a helper silent for STALL_MS is an error. */
  private awaitCount(slot: number, total: number, what: string): void {
    const ctl = this.control
    for (let spin = 0; spin < SPIN && Atomics.load(ctl, slot) < total; spin++);
    for (let done = Atomics.load(ctl, slot); done < total; done = Atomics.load(ctl, slot)) {
      if (Atomics.wait(ctl, slot, done, STALL_MS) === 'timed-out') {
        throw new Error(`a matrix product thread stopped responding (${done} of ${total} ${what})`)
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
