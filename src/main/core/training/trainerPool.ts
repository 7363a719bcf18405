/**
 * Trainer processes kept between runs (issue 20: a fresh process costs about 2 s of start, backend,
 * kernels and dataset per run). A process serves runs one after another while they ask for the same
 * backend, threads and ladder; only a run that finished leaves it for the next, so a crash, a failure
 * or a cancel costs that run alone and the next run gets a fresh process. A process is closed after
 * an idle time, after `maxRuns` runs, when its memory after a run passes `maxRssBytes`, and on `close`.
 */
import type { TrainJob } from './protocol'
import { runTrainer, type TrainerEvents, type TrainerResult } from './trainerHost'
import type { SpawnTrainer, TrainerProcess } from './trainerProcess'

export interface TrainerPoolOptions {
  /** Processes kept at most: the number of runs trained at once. */
  size: number
  /** An idle process is closed after this long (default 30 s). */
  idleMs?: number
  /** Runs one process serves before it is replaced (default 50). */
  maxRuns?: number
  /** A process whose resident memory after a run is above this is replaced (default 1.5 GB). */
  maxRssBytes?: number
}

type Listeners = { message: Parameters<TrainerProcess['onMessage']>[0][]; exit: Parameters<TrainerProcess['onExit']>[0][] }

interface Slot {
  /** Which runs it may serve: backend, threads and ladder stage (a process keeps its backend). */
  key: string
  proc: TrainerProcess
  runs: number
  exited: boolean
  gone: Promise<void>
  /** Who hears the process now: the current run's, none while it waits. */
  listeners: Listeners | null
  /** Its resident memory once clean after the current run, or null if it exited first. */
  ready: Promise<number | null>
  onReady: (rssBytes: number | null) => void
  idleTimer?: NodeJS.Timeout
}

const IDLE_MS = 30_000
const MAX_RUNS = 50
const MAX_RSS_BYTES = 1.5e9
/** A trainer reports clean within milliseconds of its result (it disposed the model before sending it). */
const READY_TIMEOUT_MS = 5000

function keyOf(job: TrainJob): string {
  return JSON.stringify([job.backend, job.threads ?? null, job.ladder ?? null])
}

export class TrainerPool {
  private readonly live = new Set<Slot>()
  private readonly idle: Slot[] = []
  /** Processes whose run finished, until they report clean (then idle) or exit; resolves once moved. */
  private readonly parking = new Map<Slot, Promise<void>>()
  private closed = false
  /** Processes started and runs given to a kept process, for the overhead bench and tests. */
  readonly counts = { spawned: 0, reused: 0 }
  /** Resident memory each process reported after each run, in order. */
  readonly rssAfterRuns: number[] = []

  constructor(
    private readonly spawn: SpawnTrainer,
    private readonly opts: TrainerPoolOptions
  ) {}

  /** Trains the job in a kept process of its kind or a new one; never rejects (runTrainer). */
  async run(job: TrainJob, events: TrainerEvents = {}, signal?: AbortSignal): Promise<TrainerResult> {
    const key = keyOf(job)
    const kept = await this.take(key)
    const slot = kept ?? this.start(key)
    if (kept) this.counts.reused++
    slot.runs++
    slot.ready = new Promise((resolve) => (slot.onReady = resolve))
    const result = await runTrainer(() => this.view(slot), job, events, signal, true)
    // A cancel may have reached the trainer after it finished: only an untouched run's process is kept.
    if (result.status === 'finished' && !signal?.aborted && !slot.exited && !this.closed) this.park(slot)
    else this.discard(slot)
    return result
  }

  /** Closes the waiting processes and those that finish from now on; resolves once they exited. */
  async close(): Promise<void> {
    this.closed = true
    const waiting = [...this.idle, ...this.parking.keys()]
    for (const slot of this.idle.slice()) this.discard(slot)
    await Promise.all([...this.parking.values(), ...waiting.map((s) => s.gone)])
  }

  private async take(key: string): Promise<Slot | null> {
    for (;;) {
      const index = this.idle.findIndex((s) => s.key === key)
      if (index >= 0) {
        const [slot] = this.idle.splice(index, 1)
        clearTimeout(slot.idleTimer)
        slot.proc.hold?.(true)
        return slot
      }
      // One of this kind finishing its clean-up is worth the wait: it is milliseconds, a new one seconds.
      const finishing = [...this.parking.entries()].find(([s]) => s.key === key)
      if (!finishing) return null
      await finishing[1]
    }
  }

  private start(key: string): Slot {
    // Room for the new one: waiting processes of other kinds go first.
    while (this.live.size >= this.opts.size && this.idle.length > 0) this.discard(this.idle[0])
    const proc = this.spawn()
    this.counts.spawned++
    let exited: () => void = () => undefined
    const slot: Slot = {
      key,
      proc,
      runs: 0,
      exited: false,
      gone: new Promise((resolve) => (exited = resolve)),
      listeners: null,
      ready: Promise.resolve(null),
      onReady: () => undefined
    }
    proc.onMessage((message) => {
      if (message.type === 'ready') slot.onReady(message.rssBytes)
      else for (const listener of slot.listeners?.message ?? []) listener(message)
    })
    proc.onExit((code, detail) => {
      slot.exited = true
      slot.onReady(null)
      this.forget(slot)
      for (const listener of slot.listeners?.exit ?? []) listener(code, detail)
      exited()
    })
    this.live.add(slot)
    return slot
  }

  /** The process as one run sees it: its listeners hear the process until the next run takes it. */
  private view(slot: Slot): TrainerProcess {
    const listeners: Listeners = { message: [], exit: [] }
    slot.listeners = listeners
    return {
      send: (message) => slot.proc.send(message),
      onMessage: (listener) => void listeners.message.push(listener),
      onExit: (listener) => void listeners.exit.push(listener),
      kill: () => slot.proc.kill()
    }
  }

  private park(slot: Slot): void {
    slot.listeners = null
    // A trainer that neither reports clean nor exits (another build, a hang) is not waited for.
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), READY_TIMEOUT_MS)))
    const moved = Promise.race([slot.ready, late]).then((rssBytes) => {
      clearTimeout(timer)
      this.parking.delete(slot)
      if (rssBytes !== null) this.rssAfterRuns.push(rssBytes)
      const maxRss = this.opts.maxRssBytes ?? MAX_RSS_BYTES
      const spent = slot.runs >= (this.opts.maxRuns ?? MAX_RUNS) || this.live.size > this.opts.size
      if (rssBytes === null || rssBytes > maxRss || spent || this.closed) {
        this.discard(slot)
        return
      }
      slot.proc.hold?.(false)
      slot.idleTimer = setTimeout(() => this.discard(slot), this.opts.idleMs ?? IDLE_MS)
      slot.idleTimer.unref()
      this.idle.push(slot)
    })
    this.parking.set(slot, moved)
  }

  private discard(slot: Slot): void {
    slot.listeners = null
    this.forget(slot)
    // Held until its exit is seen: a host awaiting `close` has nothing else keeping it running.
    slot.proc.hold?.(true)
    slot.proc.kill()
  }

  private forget(slot: Slot): void {
    clearTimeout(slot.idleTimer)
    this.live.delete(slot)
    const index = this.idle.indexOf(slot)
    if (index >= 0) this.idle.splice(index, 1)
  }
}
