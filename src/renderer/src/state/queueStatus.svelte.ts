/**
 * The host's queue status, re-read while shown, and (desktop app only) the queue setting being edited:
 * saved through the preload, applied when the app next starts.
 */
import type { QueueStatus, StudioClient } from '../../../shared/api'
import type { DesktopBridge } from '../api/client'

/** Workers come and go: the status is read again this often while the top bar shows it. */
export const QUEUE_STATUS_INTERVAL_MS = 5000

export class QueueState {
  status = $state.raw<QueueStatus | null>(null)
  /** The setting as typed in the dialog (its saved password shown masked); null while the dialog is closed. */
  draft = $state<string | null>(null)
  saving = $state(false)
  saveError = $state<string | null>(null)

  constructor(
    private readonly client: StudioClient,
    private readonly desktop?: Pick<DesktopBridge, 'queueSetting' | 'saveQueueSetting'>
  ) {}

  /** Only the desktop app's setting can be changed here; `regstudio serve --queue` is set on its command line. */
  get editable(): boolean {
    return this.desktop !== undefined
  }

  async refresh(): Promise<void> {
    try {
      this.status = await this.client.request('host.queue', {})
    } catch {
      // A lost connection is shown by the app itself; the last status stays until the next read.
    }
  }

  /** Reads the status now and then every QUEUE_STATUS_INTERVAL_MS; returns the stop function. */
  watch(): () => void {
    void this.refresh()
    const timer = setInterval(() => void this.refresh(), QUEUE_STATUS_INTERVAL_MS)
    return () => clearInterval(timer)
  }

  async edit(): Promise<void> {
    if (!this.desktop) return
    this.saveError = null
    this.draft = (await this.desktop.queueSetting()).url ?? ''
  }

  cancelEdit(): void {
    this.draft = null
    this.saveError = null
  }

  /** Saves the draft (blank: no queue); on a refusal the dialog stays open with the host's one line. */
  async save(): Promise<void> {
    if (!this.desktop || this.draft === null) return
    this.saving = true
    try {
      await this.desktop.saveQueueSetting({ url: this.draft.trim() === '' ? null : this.draft.trim() })
      this.cancelEdit()
      await this.refresh()
    } catch (err) {
      this.saveError = err instanceof Error ? err.message : String(err)
    } finally {
      this.saving = false
    }
  }
}
