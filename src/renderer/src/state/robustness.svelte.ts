/**
 * Robustness probes for Compare: what the runs' caches already hold, and a probe measured on demand
 * in the host's child process, with its progress (robustness.progress events) and cancel.
 */
import type { StudioClient } from '../../../shared/api'
import type { RobustnessProgressEvent } from '../../../shared/events'
import type { RobustnessRow } from '../../../shared/robustness'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class RobustnessState {
  /** Rows of the runs last loaded or measured; raw, never deep-proxied. */
  rows = $state.raw<RobustnessRow[]>([])
  /** The probe in progress, with its share done; null when none. */
  running = $state<{ probeId: string; done: number; total: number } | null>(null)
  error = $state<string | null>(null)
  private generation = 0

  constructor(private readonly client: StudioClient) {}

  /** Shows what is cached for these runs; runs never probed are simply absent. */
  async loadCached(runIds: readonly string[]): Promise<void> {
    const generation = ++this.generation
    if (runIds.length === 0) {
      this.rows = []
      return
    }
    try {
      const { rows } = await this.client.request('runs.robustness', { runIds: [...runIds], cachedOnly: true })
      if (generation === this.generation) this.rows = rows
    } catch (err) {
      if (generation === this.generation) this.error = message(err)
    }
  }

  /** Measures the runs not cached yet (in the host's robustness process) and shows them all. */
  async measure(runIds: readonly string[]): Promise<void> {
    if (this.running || runIds.length === 0) return
    const generation = ++this.generation
    const probeId = `probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
    this.running = { probeId, done: 0, total: 0 }
    this.error = null
    try {
      const { rows } = await this.client.request('runs.robustness', { runIds: [...runIds], probeId })
      if (generation === this.generation) this.rows = rows
    } catch (err) {
      this.error = message(err)
    } finally {
      this.running = null
    }
  }

  async cancel(): Promise<void> {
    if (!this.running) return
    await this.client.request('runs.cancelRobustness', { probeId: this.running.probeId }).catch((err: unknown) => {
      this.error = message(err)
    })
  }

  onProgress(event: RobustnessProgressEvent): void {
    if (this.running?.probeId === event.probeId) this.running = { probeId: event.probeId, done: event.done, total: event.total }
  }
}
