/**
 * What the Data view shows of one dataset: its statistics, the first image of each class, and the
 * sample browser's current page and selection. DataState keeps one per dataset.
 */
import type { DatasetStatistics, StudioClient } from '../../../shared/api'
import type { SplitName } from '../../../shared/dataset'
import { decodePixels } from '../lib/images'

export const PAGE_SIZE = 60

export interface ShownImage {
  split: SplitName
  /** Index into the split. */
  index: number
  label: number
  pixels: Uint8Array
}

export class DataExplorer {
  statistics = $state.raw<DatasetStatistics | null>(null)
  /** Per class the first training image, or null when the class has none. */
  firstOfClass = $state.raw<(ShownImage | null)[]>([])
  split = $state<SplitName>('train')
  /** Class filter of the browser; null shows every class. */
  label = $state<number | null>(null)
  page = $state(0)
  /** Images matching the split and filter. */
  total = $state(0)
  images = $state.raw<ShownImage[]>([])
  inspected = $state.raw<ShownImage | null>(null)
  loadingPage = $state(false)
  error = $state<string | null>(null)

  /** Ignores answers to page requests that were overtaken by a newer one. */
  private pageRequest = 0
  private overviewLoaded = false

  constructor(
    private readonly client: StudioClient,
    readonly datasetId: string
  ) {}

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.total / PAGE_SIZE))
  }

  /** Statistics, class grid and the current page; the first two only once. */
  async load(): Promise<void> {
    await Promise.all([this.overviewLoaded ? undefined : this.loadOverview(), this.loadPage()])
  }

  async showSplit(split: SplitName): Promise<void> {
    this.split = split
    this.page = 0
    await this.loadPage()
  }

  async showLabel(label: number | null): Promise<void> {
    this.label = label
    this.page = 0
    await this.loadPage()
  }

  /** Clamps to the pages there are; NaN (an emptied or non-numeric page field) is ignored. */
  async goToPage(page: number): Promise<void> {
    if (Number.isNaN(page)) return
    this.page = Math.min(Math.max(0, Math.floor(page)), this.pageCount - 1)
    await this.loadPage()
  }

  inspect(image: ShownImage | null): void {
    this.inspected = image
  }

  private async loadOverview(): Promise<void> {
    try {
      const statistics = await this.client.request('datasets.statistics', { datasetId: this.datasetId })
      this.statistics = statistics
      this.firstOfClass = await Promise.all(
        statistics.firstOfClass.map((index, label) => this.firstImage(label, index))
      )
      this.overviewLoaded = true
    } catch (err) {
      this.error = messageOf(err)
    }
  }

  private async firstImage(label: number, index: number): Promise<ShownImage | null> {
    if (index < 0) return null
    const page = await this.client.request('datasets.samples', { datasetId: this.datasetId, split: 'train', offset: index, limit: 1 })
    return page.pixels[0] === undefined ? null : { split: 'train', index, label, pixels: decodePixels(page.pixels[0]) }
  }

  private async loadPage(): Promise<void> {
    const request = ++this.pageRequest
    const split = this.split
    this.loadingPage = true
    try {
      const page = await this.client.request('datasets.samples', {
        datasetId: this.datasetId,
        split,
        offset: this.page * PAGE_SIZE,
        limit: PAGE_SIZE,
        ...(this.label === null ? {} : { label: this.label })
      })
      if (request !== this.pageRequest) return
      this.total = page.total
      this.images = page.pixels.map((b64, i) => ({ split, index: page.indices[i], label: page.labels[i], pixels: decodePixels(b64) }))
      this.error = null
    } catch (err) {
      if (request === this.pageRequest) this.error = messageOf(err)
    } finally {
      if (request === this.pageRequest) this.loadingPage = false
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
