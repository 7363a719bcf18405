/** The Train view's options and the runs it shows; owned by AppState so they survive switching views. */
import type { RunListItem, StudioClient } from '../../../shared/api'
import type { EpochMetrics, RunStatus } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import {
  EPOCHS_PROBLEM,
  MIN_LIMIT,
  parseOptionalCount,
  parseRepeats,
  parseSeed,
  QUICK_TEXTS,
  REPEATS_PROBLEM,
  runRequest,
  studyRequest,
  TEST_IMAGES_PROBLEM,
  TRAIN_IMAGES_PROBLEM,
  type BackendOption,
  type TrainOptions
} from '../lib/trainRequests'
import { LIMITS } from '../../../shared/spec'
import { DEFAULT_SEED } from '../../../shared/defaults'

/** What the Train view needs of the app; AppState satisfies it. */
export interface TrainHost {
  readonly client: StudioClient
  readonly live: { seed(runId: string, status: RunStatus, history: EpochMetrics[]): void }
  datasetId: string | null
  readonly study: { readonly variants: ModelSpec[] }
  runs: RunListItem[]
  selectedRunIds: string[]
  refreshRuns(): Promise<void>
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class TrainState {
  /** `app` is the AppState that owns this. */
  constructor(private readonly app: TrainHost) {}

  backend = $state<BackendOption>('auto')
  /** As typed; `seed` is null while it is not a valid seed. */
  seedText = $state(String(DEFAULT_SEED))
  seed = $derived(parseSeed(this.seedText))
  /** Runs per variant of a study, as typed; `repeats` is null while it is not valid. */
  repeatsText = $state('1')
  repeats = $derived(parseRepeats(this.repeatsText))
  /**
   * The study-wide size choices, as typed (empty = all images, each variant's own epochs); each
   * parsed value is undefined when empty and null while the text is not valid.
   */
  trainImagesText = $state('')
  trainLimit = $derived(parseOptionalCount(this.trainImagesText, MIN_LIMIT))
  testImagesText = $state('')
  testLimit = $derived(parseOptionalCount(this.testImagesText, MIN_LIMIT))
  epochsText = $state('')
  epochs = $derived(parseOptionalCount(this.epochsText, 1, LIMITS.epochs))
  /** Name of the variant "Train one" starts. */
  variantName = $state('')
  /** Runs with a panel: the last batch started here, or a run opened from the sidebar. */
  shown = $state<string[]>([])
  busy = $state(false)
  error = $state<string | null>(null)

  /** The quick try is a set of values for the size fields: on when they hold them, and setting it fills or clears them. */
  get quick(): boolean {
    return this.trainImagesText.trim() === QUICK_TEXTS.trainImages && this.testImagesText.trim() === QUICK_TEXTS.testImages && this.epochsText.trim() === QUICK_TEXTS.epochs
  }

  set quick(on: boolean) {
    this.trainImagesText = on ? QUICK_TEXTS.trainImages : ''
    this.testImagesText = on ? QUICK_TEXTS.testImages : ''
    this.epochsText = on ? QUICK_TEXTS.epochs : ''
  }

  /** The first problem of the typed choices, or null when a start may go to the host. */
  get problem(): string | null {
    if (this.seed === null) return 'The seed must be a whole number from 0 to 2147483647.'
    if (this.trainLimit === null) return TRAIN_IMAGES_PROBLEM
    if (this.testLimit === null) return TEST_IMAGES_PROBLEM
    if (this.epochs === null) return EPOCHS_PROBLEM
    return null
  }

  get options(): TrainOptions {
    return {
      backend: this.backend,
      seed: this.seed ?? DEFAULT_SEED,
      trainLimit: this.trainLimit ?? undefined,
      testLimit: this.testLimit ?? undefined,
      epochs: this.epochs ?? undefined
    }
  }

  /** Starts every variant as one study, each `repeats` times; its runs become the comparison. */
  async startStudy(): Promise<void> {
    const app = this.app
    if (this.repeats === null) {
      this.error = REPEATS_PROBLEM
      return
    }
    const repeats = this.repeats
    await this.starting(async (datasetId) => {
      // Variants are deep $state proxies: send snapshots, because IPC structured-clones its payloads.
      const { runs } = await app.client.request('runs.startStudy', studyRequest(datasetId, $state.snapshot(app.study.variants), this.options, repeats))
      const ids = runs.map((r) => r.id)
      return { shown: ids, selected: ids }
    })
  }

  /**
   * Starts one variant and adds it to the comparison; once it finishes it takes the place of
   * runs of the same name there (AppState), and if it fails the comparison keeps them.
   */
  async startOne(spec: ModelSpec): Promise<void> {
    const app = this.app
    await this.starting(async (datasetId) => {
      const record = await app.client.request('runs.start', runRequest(datasetId, $state.snapshot(spec), this.options))
      return { shown: [record.id], selected: [...app.selectedRunIds, record.id] }
    })
  }

  /** Shows a stored run's panel, its curves loaded from disk. */
  async open(runId: string): Promise<void> {
    this.shown = [runId]
    this.error = null
    await this.seedHistories([runId])
  }

  /**
   * With no panel shown (e.g. after a reload), shows the queued and running runs, with the epochs
   * they logged before this page was opened.
   */
  async showActive(active: readonly string[]): Promise<void> {
    if (this.shown.length > 0 || active.length === 0) return
    this.shown = [...active]
    await this.seedHistories(active)
  }

  async cancel(runId: string): Promise<void> {
    try {
      await this.app.client.request('runs.cancel', { runId })
    } catch (err) {
      this.error = message(err)
    }
  }

  /** Drops a deleted run from the panels. */
  forget(runId: string): void {
    if (this.shown.includes(runId)) this.shown = this.shown.filter((id) => id !== runId)
  }

  private async seedHistories(runIds: readonly string[]): Promise<void> {
    try {
      const all = await Promise.all(runIds.map((runId) => this.app.client.request('runs.get', { runId })))
      for (const details of all) this.app.live.seed(details.record.id, details.record.status, details.history)
    } catch (err) {
      this.error = message(err)
    }
  }

  private async starting(start: (datasetId: string) => Promise<{ shown: string[]; selected: string[] }>): Promise<void> {
    const app = this.app
    // The start buttons stay enabled while a start is under way, so keyboard focus stays on them.
    if (this.busy) return
    if (!app.datasetId) {
      this.error = 'Choose a dataset in the Data view first.'
      return
    }
    const problem = this.problem
    if (problem !== null) {
      this.error = problem
      return
    }
    this.busy = true
    this.error = null
    try {
      const { shown, selected } = await start(app.datasetId)
      this.shown = shown
      app.selectedRunIds = selected
      await app.refreshRuns()
    } catch (err) {
      this.error = message(err)
    } finally {
      this.busy = false
    }
  }
}
