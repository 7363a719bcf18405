/** What the Electron preload exposes on `window.studio`: a small typed domain API, never raw ipcRenderer. */
import type { ModelExportFormat, RequestInput, RequestName, Response, StudioEvent } from './api'
import type { StudioErrorValue } from './errors'
import type { QueueSetting } from './settings'

export interface PreloadApi {
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Response<N>>
  /** Returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void
  /** Marks dropped files as chosen by the user (paths from webUtils.getPathForFile) and returns their paths. */
  allowDroppedFiles(files: File[]): Promise<string[]>
  /** Shows the open-files dialog; the chosen paths are allowed for datasets.importFiles. */
  openFilesDialog(): Promise<string[]>
  /** Shows a save dialog and writes the text there; null when the user cancels. */
  saveFile(fileName: string, content: string): Promise<string | null>
  /** Renders the comparison report of these runs to PDF and asks where to save it; null when cancelled. */
  exportPdf(runIds: string[]): Promise<string | null>
  /** Exports a finished run's model (ONNX or zipped TF.js) and asks where to save it; null when cancelled. */
  exportModel(runId: string, format: ModelExportFormat): Promise<string | null>
  /** Listens for the application menu's commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
  /** The saved queue setting, its password masked. */
  queueSetting(): Promise<QueueSetting>
  /** Checks and saves the queue setting (applied when the app next starts); returns it as shown. */
  saveQueueSetting(setting: QueueSetting): Promise<QueueSetting>
}

export const PRELOAD_KEY = 'studio'

/** IPC channels of the preload's own functions (requests use their request name as channel). */
export const PRELOAD_CHANNELS = {
  allowDropped: 'studio:allow-dropped',
  openDialog: 'studio:open-dialog',
  saveFile: 'studio:save-file',
  exportPdf: 'studio:export-pdf',
  exportModel: 'studio:export-model',
  menu: 'studio:menu',
  queueSetting: 'studio:queue-setting',
  saveQueueSetting: 'studio:save-queue-setting'
} as const

/** What the preload's own channels answer: a result, or a typed error the preload turns into a rejection. */
export type ChannelResult<T> = { ok: true; result: T } | { ok: false; error: StudioErrorValue }

/** Commands of the desktop app's menu, carried to the renderer, which runs them like its own buttons. */
export type MenuCommand = 'openFiles' | 'useBundled' | 'exportHtml' | 'exportPdf'
