/**
 * Bringing a dataset in: dropped or picked files (desktop: paths the preload vouches for; browser:
 * uploads over HTTP first) or the bundled Fashion-MNIST. Keeps the host's error message verbatim,
 * since it already names the file, line and column. An import can be cancelled: its upload is
 * aborted and the host stops reading at its next chunk.
 */
import { ERROR_CODES, REQUESTS, type DatasetInfo, type StudioClient } from '../../../shared/api'
import type { PreloadApi } from '../../../shared/preloadApi'
import type { UploadResult } from '../../../shared/wsProtocol'

/** The most files one import request accepts (see datasets.importFiles in the API table). */
export const MAX_IMPORT_FILES = 8

export interface ImportDeps {
  client: StudioClient
  /** The desktop app's bridge; absent in browser mode. */
  bridge?: Pick<PreloadApi, 'allowDroppedFiles' | 'openFilesDialog'>
  /** Browser mode: sends the files to the host and returns their upload ids; `signal` aborts it. */
  upload: (files: File[], signal: AbortSignal) => Promise<UploadResult[]>
  onImported: (info: DatasetInfo) => void
}

export class DatasetImport {
  busy = $state(false)
  error = $state<string | null>(null)
  /** Names of the files being imported, for the progress line. */
  fileNames = $state.raw<string[]>([])
  /** A short word after an import ended without a dataset or an error (it was cancelled). */
  notice = $state<string | null>(null)
  private current = $state.raw<{ importId: string; controller: AbortController } | null>(null)
  private importCount = 0

  constructor(private readonly deps: ImportDeps) {}

  /** The id of the import in progress, to pick its own progress events out of every window's. */
  get importId(): string | null {
    return this.current?.importId ?? null
  }

  get desktop(): boolean {
    return this.deps.bridge !== undefined
  }

  /** Files dropped on the window or chosen with the file input; `folders` names dropped folders, refused. */
  async importFiles(files: File[], folders: string[] = []): Promise<void> {
    if (folders.length > 0) {
      this.error = `${folders[0]}: is a folder, not a data file: drop the dataset files inside it (IDX or CSV), not the folder.`
      return
    }
    if (files.length === 0) return
    if (files.length > MAX_IMPORT_FILES) {
      this.error = `Import at most ${MAX_IMPORT_FILES} files at a time (got ${files.length}): the images and labels of train and test are 4 files.`
      return
    }
    const { bridge, upload, client } = this.deps
    await this.run(
      files.map((f) => f.name),
      async (importId, signal) => {
        // A cancel that lands between these steps finds no import on the host yet: checked here.
        if (bridge) {
          const paths = await bridge.allowDroppedFiles(files)
          signal.throwIfAborted()
          return client.request('datasets.importFiles', { paths, importId })
        }
        const uploads = await upload(files, signal)
        signal.throwIfAborted()
        return client.request('datasets.importUploads', { uploadIds: uploads.map((u) => u.uploadId), importId })
      }
    )
  }

  /** Desktop only: the native open dialog; nothing happens when the user cancels. */
  async pickWithDialog(): Promise<void> {
    const bridge = this.deps.bridge
    if (!bridge) return
    let paths: string[]
    try {
      paths = await bridge.openFilesDialog()
    } catch (err) {
      this.error = messageOf(err)
      return
    }
    if (paths.length === 0) return
    const check = REQUESTS['datasets.importFiles'].check({ paths })
    if (!check.ok) {
      this.error = `Import at most ${MAX_IMPORT_FILES} files at a time (got ${paths.length}).`
      return
    }
    await this.run(
      paths.map((p) => p.split(/[\\/]/).pop() ?? p),
      (importId) => this.deps.client.request('datasets.importFiles', { ...check.value, importId })
    )
  }

  async useBundled(): Promise<void> {
    await this.run(['Fashion-MNIST (bundled)'], (importId) => this.deps.client.request('datasets.useBundled', { importId }))
  }

  /** Stops the import in progress: its upload, and the host's reading. */
  async cancel(): Promise<void> {
    const current = this.current
    if (!current) return
    current.controller.abort()
    await this.deps.client.request('datasets.cancelImport', { importId: current.importId }).catch(() => undefined)
  }

  dismissError(): void {
    this.error = null
  }

  private async run(fileNames: string[], task: (importId: string, signal: AbortSignal) => Promise<DatasetInfo>): Promise<void> {
    if (this.busy) return
    this.busy = true
    this.error = null
    this.notice = null
    this.fileNames = fileNames
    const current = { importId: `import-${Date.now().toString(36)}-${++this.importCount}`, controller: new AbortController() }
    this.current = current
    try {
      this.deps.onImported(await task(current.importId, current.controller.signal))
    } catch (err) {
      if (current.controller.signal.aborted || (err as { code?: string }).code === ERROR_CODES.cancelled) this.notice = 'Import cancelled.'
      else this.error = messageOf(err)
    } finally {
      this.current = null
      this.busy = false
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
