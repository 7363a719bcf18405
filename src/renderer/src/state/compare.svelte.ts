/**
 * Run details for the Compare and Report views: runs.get results cached while a run's record says
 * they cannot change, and test-image pixels fetched once per dataset and index.
 */
import type { RunDetails, RunListItem, StudioClient } from '../../../shared/api'
import type { RunRecord } from '../../../shared/results'
import { defaultSelection } from '../../../shared/runSelection'
import { MisclassifiedGallery } from './misclassifiedGallery.svelte'

/** A record's state as far as its stored details are concerned: when it changes, refetch. */
export function detailsStamp(record: RunRecord): string {
  return `${record.status}|${record.epochsRun}|${record.endedAt ?? ''}`
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class CompareState {
  /** The loaded details, in the order asked for. Raw: histories and evaluations are never deep-proxied. */
  runs = $state.raw<RunDetails[]>([])
  loading = $state(false)
  error = $state<string | null>(null)
  /** Base64 pixels of test images by `${fingerprint}:${index}`; replaced (not mutated) on each fetch. */
  pixels = $state.raw<ReadonlyMap<string, string>>(new Map())
  /** The misclassified gallery of the run shown in detail. */
  readonly gallery: MisclassifiedGallery

  private readonly cache = new Map<string, { stamp: string; details: RunDetails }>()
  private generation = 0
  private defaulted = false

  constructor(private readonly client: StudioClient) {
    this.gallery = new MisclassifiedGallery(client, (runId, fingerprint, indices) => this.loadPixels(runId, fingerprint, indices))
  }

  /** Loads these runs' details; a later call wins over an earlier one still in flight. */
  async load(items: readonly RunListItem[]): Promise<void> {
    const generation = ++this.generation
    this.loading = true
    try {
      const details = await Promise.all(items.map((item) => this.details(item.record)))
      if (generation !== this.generation) return
      // Unchanged details (all from the cache) keep the same array, so no chart redraws for nothing.
      if (details.length !== this.runs.length || details.some((d, i) => d !== this.runs[i])) this.runs = details
      this.error = null
    } catch (err) {
      if (generation === this.generation) this.error = message(err)
    } finally {
      if (generation === this.generation) this.loading = false
    }
  }

  /**
   * Picks the default runs (see defaultSelection) the first time there is something to compare and
   * nothing is picked; after that an empty selection is the user's choice and stays empty.
   */
  selectDefaultOnce(host: { runs: RunListItem[]; selectedRunIds: string[] }): void {
    if (this.defaulted) return
    if (host.selectedRunIds.length > 0) {
      this.defaulted = true
      return
    }
    const picked = defaultSelection(host.runs)
    if (picked.length === 0) return
    this.defaulted = true
    host.selectedRunIds = picked
  }

  forget(runId: string): void {
    this.cache.delete(runId)
  }

  /** Fetches the test images at these indices of the run's own dataset, skipping those already here. */
  async loadPixels(runId: string, fingerprint: string, indices: readonly number[]): Promise<void> {
    const missing = [...new Set(indices)].filter((i) => !this.pixels.has(pixelKey(fingerprint, i)))
    if (missing.length === 0) return
    const images = await this.client.request('runs.testImages', { runId, indices: missing })
    const next = new Map(this.pixels)
    images.indices.forEach((index, k) => next.set(pixelKey(fingerprint, index), images.pixels[k]))
    this.pixels = next
  }

  pixelsOf(fingerprint: string, index: number): string | undefined {
    return this.pixels.get(pixelKey(fingerprint, index))
  }

  private async details(record: RunRecord): Promise<RunDetails> {
    const stamp = detailsStamp(record)
    const hit = this.cache.get(record.id)
    if (hit && hit.stamp === stamp) return hit.details
    const details = await this.client.request('runs.get', { runId: record.id })
    if (details.record.status !== 'queued' && details.record.status !== 'running') {
      this.cache.set(record.id, { stamp: detailsStamp(details.record), details })
    }
    return details
  }
}

function pixelKey(fingerprint: string, index: number): string {
  return `${fingerprint}:${index}`
}
