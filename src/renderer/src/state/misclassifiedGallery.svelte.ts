/**
 * The misclassified gallery of the Compare view: one run's misclassified test images a page at a
 * time, filtered by true and predicted class (a confusion-matrix cell sets both), and the one opened.
 */
import type { MisclassifiedPage, StudioClient } from '../../../shared/api'
import type { SamplePrediction } from '../../../shared/results'

export const GALLERY_PAGE_SIZE = 24

/** Fetches the pixels of these test images of the run (CompareState.loadPixels). */
export type PixelLoader = (runId: string, fingerprint: string, indices: readonly number[]) => Promise<void>

export class MisclassifiedGallery {
  /** True-class filter; null: every class. */
  label = $state<number | null>(null)
  /** Predicted-class filter; null: every class. */
  predicted = $state<number | null>(null)
  page = $state(0)
  result = $state.raw<MisclassifiedPage | null>(null)
  loading = $state(false)
  error = $state<string | null>(null)
  /** The tile opened large, or null. */
  opened = $state.raw<SamplePrediction | null>(null)

  readonly pageCount = $derived(this.result ? Math.max(1, Math.ceil(this.result.listed / GALLERY_PAGE_SIZE)) : 1)

  private run: { id: string; fingerprint: string } | null = null
  private generation = 0

  constructor(
    private readonly client: StudioClient,
    private readonly loadPixels: PixelLoader
  ) {}

  /** Shows this run's images from the first page; the filter stays, so one cell can be followed across runs. */
  show(runId: string, fingerprint: string): Promise<void> {
    if (this.run?.id === runId && this.run.fingerprint === fingerprint && this.result) return Promise.resolve()
    this.run = { id: runId, fingerprint }
    this.page = 0
    this.opened = null
    return this.load()
  }

  /** Filters by true and predicted class (null: any), from the first page. */
  filter(label: number | null, predicted: number | null): Promise<void> {
    this.label = label
    this.predicted = predicted
    this.page = 0
    return this.load()
  }

  goToPage(page: number): Promise<void> {
    const next = Math.min(Math.max(0, Math.floor(page)), this.pageCount - 1)
    if (!Number.isFinite(next) || next === this.page) return Promise.resolve()
    this.page = next
    return this.load()
  }

  open(prediction: SamplePrediction | null): void {
    this.opened = prediction
  }

  /** Opens the previous (-1) or next (+1) image of the page. */
  step(delta: number): void {
    const shown = this.result?.predictions ?? []
    const at = shown.findIndex((p) => p.index === this.opened?.index)
    const next = at < 0 ? undefined : shown[at + delta]
    if (next) this.opened = next
  }

  /** A later load wins over one still in flight. */
  private async load(): Promise<void> {
    const run = this.run
    if (!run) return
    const generation = ++this.generation
    this.loading = true
    try {
      const result = await this.client.request('runs.misclassified', {
        runId: run.id,
        offset: this.page * GALLERY_PAGE_SIZE,
        limit: GALLERY_PAGE_SIZE,
        ...(this.label === null ? {} : { label: this.label }),
        ...(this.predicted === null ? {} : { predicted: this.predicted })
      })
      if (generation !== this.generation) return
      // Images missing (the run's dataset left the workspace) still leave the predictions to read.
      const indices = result.predictions.map((p) => p.index)
      const images = indices.length > 0 ? await this.loadPixels(run.id, run.fingerprint, indices).then(() => null, (err: unknown) => err) : null
      if (generation !== this.generation) return
      this.result = result
      this.error = images === null ? null : `Images unavailable: ${images instanceof Error ? images.message : String(images)}`
    } catch (err) {
      if (generation === this.generation) this.error = err instanceof Error ? err.message : String(err)
    } finally {
      if (generation === this.generation) this.loading = false
    }
  }
}
