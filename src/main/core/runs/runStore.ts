/** The runs of a workspace on disk: <workspace>/runs/<runId>/{run.json, metrics.jsonl, eval.json, misclassified.json, model/}. */
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../../shared/errors'
import { isActiveStatus, type EpochMetrics, type Evaluation, type RunRecord, type SamplePrediction } from '../../../shared/results'
import { writeFailed, writeJsonAtomic } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'
import { appendMetrics, readMetrics, repairMetrics } from './metricsLog'
import { readEvaluation, readMisclassified, readRunRecord } from './runFiles'
import { assertRunId, isRunId, newRunId } from './runId'

/** One line of the run list; a run whose files cannot be read is listed with the reason instead of hiding it. */
export type RunSummary =
  | {
      id: string
      damaged: false
      record: RunRecord
      /** The last epoch in metrics.jsonl, the live state of a running run. */
      lastEpoch?: EpochMetrics
      epochsLogged: number
      test?: { loss: number; accuracy: number }
      /** What a reader should know about the run's files, one line each (a dropped torn epoch record). */
      notes?: string[]
    }
  | { id: string; damaged: true; reason: string }

export interface RunDetails {
  record: RunRecord
  history: EpochMetrics[]
  evaluation?: Evaluation
}

export type NewRun = Omit<RunRecord, 'id' | 'createdAt'>
export type RunPatch = Partial<Omit<RunRecord, 'id' | 'createdAt'>>

/** Folders being created or deleted carry these dot prefixes, which are never valid run ids, so listings skip them. */
const CREATING = '.creating-'
const DELETING = '.deleting-'
/** Enough parallel reads to hide latency without running out of file handles on large workspaces. */
const LIST_CONCURRENCY = 16

export class RunStore {
  readonly runsDir: string
  /** Per-run queue so concurrent updates, appends and deletes of one run never interleave. */
  private readonly queues = new Map<string, Promise<unknown>>()
  /**
   * Ends of runs the disk refused to record (full, read-only): this host still reports them, and
   * the next successful write of the run saves them. A later host finds the run interrupted.
   */
  private readonly unsavedEnds = new Map<string, RunPatch>()

  constructor(readonly workspaceDir: string) {
    this.runsDir = join(workspaceDir, 'runs')
  }

  /**
   * Creates the folders, clears leftovers of interrupted creates/deletes, and marks runs left
   * running or queued by a crash as interrupted, keeping their epochs; runs in `resumed` (still
   * trained elsewhere, followed again) keep their status. Returns the ids it marked.
   */
  async init(resumed: ReadonlySet<string> = new Set()): Promise<string[]> {
    try {
      await ensureDir(this.runsDir)
    } catch (err) {
      throw writeFailed(this.runsDir, err)
    }
    const entries = await readdir(this.runsDir, { withFileTypes: true })
    const interrupted: string[] = []
    for (const entry of entries) {
      if (!entry.isDirectory()) continue
      if (entry.name.startsWith(CREATING) || entry.name.startsWith(DELETING)) {
        await rm(join(this.runsDir, entry.name), { recursive: true, force: true })
      } else if (isRunId(entry.name) && (await this.recoverIfAbandoned(entry.name, resumed.has(entry.name)))) {
        interrupted.push(entry.name)
      }
    }
    return interrupted
  }

  /** Runs left queued or running by an earlier host (read before init, which marks them). */
  async leftActive(): Promise<string[]> {
    const entries = await readdir(this.runsDir, { withFileTypes: true }).catch(() => [])
    const ids: string[] = []
    for (const entry of entries) {
      if (!entry.isDirectory() || !isRunId(entry.name)) continue
      const record = await readRunRecord(this.file(entry.name, 'run.json'), entry.name).catch(() => undefined)
      if (record && isActiveStatus(record.status)) ids.push(entry.name)
    }
    return ids
  }

  /** A run left active is marked interrupted, unless it is resumed; either way its log loses a torn last line. */
  private async recoverIfAbandoned(id: string, resumed: boolean): Promise<boolean> {
    let record: RunRecord | undefined
    try {
      record = await readRunRecord(this.file(id, 'run.json'), id)
    } catch {
      return false // damaged: list() reports it, there is nothing safe to rewrite
    }
    if (!record || (record.status !== 'running' && record.status !== 'queued')) return false
    let epochsRun = record.epochsRun
    try {
      epochsRun = (await repairMetrics(this.file(id, 'metrics.jsonl'))).length
    } catch (err) {
      if (!(err instanceof UserError && err.code === 'RUN_DAMAGED')) throw err
    }
    if (resumed) return false
    await writeJsonAtomic(this.file(id, 'run.json'), { ...record, status: 'interrupted', epochsRun })
    return true
  }

  /** Makes a new run folder with its run.json; the folder appears complete or not at all. */
  async create(input: NewRun): Promise<RunRecord> {
    const now = new Date()
    const record: RunRecord = { ...input, id: newRunId(now), createdAt: now.toISOString() }
    const staging = join(this.runsDir, `${CREATING}${record.id}`)
    try {
      await mkdir(staging)
      await writeJsonAtomic(join(staging, 'run.json'), record)
      await rename(staging, this.runDir(record.id))
    } catch (err) {
      await rm(staging, { recursive: true, force: true })
      throw err instanceof UserError ? err : writeFailed(this.runDir(record.id), err)
    }
    return record
  }

  /** Merges `patch` into run.json (id and createdAt never change); a key set to undefined is removed. */
  update(id: string, patch: RunPatch): Promise<RunRecord> {
    return this.serial(id, async () => {
      const current = await this.requireRecord(id)
      const record: RunRecord = { ...current, ...patch, id: current.id, createdAt: current.createdAt }
      try {
        await writeJsonAtomic(this.file(id, 'run.json'), record)
      } catch (err) {
        if (patch.status && !isActiveStatus(patch.status)) this.unsavedEnds.set(id, { ...this.unsavedEnds.get(id), ...patch })
        throw err
      }
      this.unsavedEnds.delete(id)
      return record
    })
  }

  appendEpoch(id: string, metrics: EpochMetrics): Promise<void> {
    return this.serial(id, async () => {
      await this.requireRecord(id)
      await appendMetrics(this.file(id, 'metrics.jsonl'), metrics)
    })
  }

  saveEvaluation(id: string, evaluation: Evaluation): Promise<void> {
    return this.serial(id, async () => {
      await this.requireRecord(id)
      await writeJsonAtomic(this.file(id, 'eval.json'), evaluation)
    })
  }

  /** Every misclassified test image of a finished run, apart from eval.json so listing runs stays cheap. */
  saveMisclassified(id: string, predictions: SamplePrediction[]): Promise<void> {
    return this.serial(id, async () => {
      await this.requireRecord(id)
      await writeJsonAtomic(this.file(id, 'misclassified.json'), predictions)
    })
  }

  /** The run's full misclassified list; undefined for runs trained before it was kept. Throws RUN_NOT_FOUND or RUN_DAMAGED. */
  async misclassified(id: string): Promise<SamplePrediction[] | undefined> {
    await this.requireRecord(id)
    return readMisclassified(this.file(id, 'misclassified.json'))
  }

  /** Every run, oldest first (ids sort by creation time). */
  async list(): Promise<RunSummary[]> {
    let entries
    try {
      entries = await readdir(this.runsDir, { withFileTypes: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    const ids = entries.filter((e) => e.isDirectory() && isRunId(e.name)).map((e) => e.name).sort()
    const summaries: RunSummary[] = []
    for (let i = 0; i < ids.length; i += LIST_CONCURRENCY) {
      summaries.push(...(await Promise.all(ids.slice(i, i + LIST_CONCURRENCY).map((id) => this.summarize(id)))))
    }
    return summaries
  }

  private async summarize(id: string): Promise<RunSummary> {
    try {
      const record = await this.requireRecord(id)
      const [{ history, tail }, evaluation] = await Promise.all([
        readMetrics(this.file(id, 'metrics.jsonl')),
        readEvaluation(this.file(id, 'eval.json'))
      ])
      const summary: RunSummary = { id, damaged: false, record, epochsLogged: history.length }
      // A crash (or a full disk) while an epoch was being stored: said, as that epoch is missing from the history.
      if (tail === 'torn') summary.notes = [`runs/${id}/metrics.jsonl: last epoch record was incomplete and was dropped`]
      if (history.length > 0) summary.lastEpoch = history[history.length - 1]
      if (evaluation) summary.test = { loss: evaluation.testLoss, accuracy: evaluation.testAccuracy }
      return summary
    } catch (err) {
      if (err instanceof UserError) return { id, damaged: true, reason: err.message }
      throw err
    }
  }

  /** The run's record, epoch history and evaluation (if saved). Throws RUN_NOT_FOUND or RUN_DAMAGED. */
  async get(id: string): Promise<RunDetails> {
    const record = await this.requireRecord(id)
    const [{ history }, evaluation] = await Promise.all([
      readMetrics(this.file(id, 'metrics.jsonl')),
      readEvaluation(this.file(id, 'eval.json'))
    ])
    return evaluation ? { record, history, evaluation } : { record, history }
  }

  /** Removes the run folder; it is first renamed away so a half-deleted run never shows up as damaged. */
  delete(id: string): Promise<void> {
    return this.serial(id, async () => {
      const dir = this.runDir(id)
      const trash = join(this.runsDir, `${DELETING}${id}-${randomBytes(3).toString('hex')}`)
      try {
        await rename(dir, trash)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(id, this.runsDir)
        throw writeFailed(dir, err)
      }
      this.unsavedEnds.delete(id)
      await rm(trash, { recursive: true, force: true })
    })
  }

  /** Where the run's TF.js model is saved (model.json + weights.bin). */
  modelDir(id: string): string {
    return join(this.runDir(id), 'model')
  }

  /** The run's folder; the id is checked first so no caller can reach outside the runs folder. */
  runDir(id: string): string {
    return join(this.runsDir, assertRunId(id))
  }

  private file(id: string, name: string): string {
    return join(this.runDir(id), name)
  }

  private async requireRecord(id: string): Promise<RunRecord> {
    const record = await readRunRecord(this.file(id, 'run.json'), id)
    const unsaved = this.unsavedEnds.get(id)
    if (record) return unsaved ? { ...record, ...unsaved } : record
    const exists = await stat(this.runDir(id)).then(
      (s) => s.isDirectory(),
      () => false
    )
    if (exists) throw new UserError('RUN_DAMAGED', `${this.file(id, 'run.json')}: is missing`, { id })
    throw notFound(id, this.runsDir)
  }

  private async serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    assertRunId(id)
    const previous = this.queues.get(id) ?? Promise.resolve()
    const result = previous.then(task, task)
    const settled = result.catch(() => undefined)
    this.queues.set(id, settled)
    // Forget the queue once idle so it does not grow with every run ever touched.
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id)
    })
    return result
  }
}

function notFound(id: string, runsDir: string): UserError {
  return new UserError('RUN_NOT_FOUND', `No run "${id}" in ${runsDir}`, { id })
}
