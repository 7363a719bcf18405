/** The Train view's options and the runs it shows; kept on the app so they survive switching views. */
import type { RunListItem, StudioClient } from '../../../shared/api'
import type { EpochMetrics, RunStatus } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import { parseSeed, runRequest, studyRequest, type BackendOption, type TrainOptions } from '../lib/trainRequests'

/** What the Train view needs of the app; AppState satisfies it. */
export interface TrainHost {
  readonly client: StudioClient
  readonly live: { seed(runId: string, status: RunStatus, history: EpochMetrics[]): void }
  datasetId: string | null
  variants: ModelSpec[]
  runs: RunListItem[]
  selectedRunIds: string[]
  refreshRuns(): Promise<void>
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class TrainState {
  backend = $state<BackendOption>('auto')
  quick = $state(false)
  /** As typed; `seed` is null while it is not a valid seed. */
  seedText = $state('42')
  seed = $derived(parseSeed(this.seedText))
  /** Name of the variant "Train one" starts. */
  variantName = $state('')
  /** Runs with a panel: the last batch started here, or a run opened from the sidebar. */
  shown = $state<string[]>([])
  busy = $state(false)
  error = $state<string | null>(null)

  get options(): TrainOptions {
    return { backend: this.backend, quick: this.quick, seed: this.seed ?? 42 }
  }

  /** Starts every variant as one study; its runs become the comparison selection. */
  // Variants are deep $state proxies: snapshots, because IPC structured-clones its payloads.
  async startStudy(app: TrainHost): Promise<void> {
    await this.starting(app, async (datasetId) => {
      const { runs } = await app.client.request('runs.startStudy', studyRequest(datasetId, $state.snapshot(app.variants), this.options))
      return runs.map((r) => r.id)
    })
  }

  async startOne(app: TrainHost, spec: ModelSpec): Promise<void> {
    await this.starting(app, async (datasetId) => [(await app.client.request('runs.start', runRequest(datasetId, $state.snapshot(spec), this.options))).id])
  }

  /** Shows a stored run's panel, its curves loaded from disk. */
  async open(app: TrainHost, runId: string): Promise<void> {
    this.shown = [runId]
    this.error = null
    try {
      const details = await app.client.request('runs.get', { runId })
      app.live.seed(runId, details.record.status, details.history)
    } catch (err) {
      this.error = message(err)
    }
  }

  async cancel(app: TrainHost, runId: string): Promise<void> {
    try {
      await app.client.request('runs.cancel', { runId })
    } catch (err) {
      this.error = message(err)
    }
  }

  /** Drops a deleted run from the panels. */
  forget(runId: string): void {
    if (this.shown.includes(runId)) this.shown = this.shown.filter((id) => id !== runId)
  }

  private async starting(app: TrainHost, start: (datasetId: string) => Promise<string[]>): Promise<void> {
    if (!app.datasetId) {
      this.error = 'Choose a dataset in the Data view first.'
      return
    }
    if (this.seed === null) {
      this.error = 'The seed must be a whole number from 0 to 2147483647.'
      return
    }
    this.busy = true
    this.error = null
    try {
      const ids = await start(app.datasetId)
      this.shown = ids
      app.selectedRunIds = ids
      await app.refreshRuns()
    } catch (err) {
      this.error = message(err)
    } finally {
      this.busy = false
    }
  }
}
