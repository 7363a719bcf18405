/**
 * The Studio API: every request a UI can make, with its runtime input schema and its result type,
 * and every event a host pushes. Electron IPC (src/main/ipc) and the WebSocket host (src/main/serve.ts)
 * bind this same table; the renderer's clients implement it once per transport.
 */
import type { DatasetSummary, SplitName } from './dataset'
import type { StudioErrorValue } from './errors'
import type { ImportProgressEvent, RunEvent } from './events'
import { BACKEND_REQUESTS, type EpochMetrics, type Evaluation, type RunRecord } from './results'
import {
  array,
  boolean,
  literal,
  number,
  object,
  optional,
  string,
  unknownValue,
  type Infer,
  type Schema
} from './schema'
import type { ModelSpec, SpecIssue } from './spec'

const id = () => string({ min: 1, max: 200 })

export const REQUESTS = {
  'host.info': object({}),
  'datasets.list': object({}),
  /** Files the user chose (Electron: dialog or drop; never a path typed by the page). */
  'datasets.importFiles': object({ paths: array(string({ min: 1, max: 4096 }), { min: 1, max: 8 }), importId: optional(id()) }),
  /** Files uploaded over HTTP first (browser mode), named by the ids the upload returned. */
  'datasets.importUploads': object({ uploadIds: array(id(), { min: 1, max: 8 }), importId: optional(id()) }),
  'datasets.useBundled': object({ seed: optional(number({ integer: true, min: 0, max: 2 ** 31 - 1 })), importId: optional(id()) }),
  /** Stops the import started with this importId; it then fails with the code 'cancelled'. */
  'datasets.cancelImport': object({ importId: id() }),
  'datasets.summary': object({ datasetId: id() }),
  'datasets.samples': object({
    datasetId: id(),
    split: literal('train', 'test'),
    offset: number({ integer: true, min: 0 }),
    limit: number({ integer: true, min: 1, max: 500 }),
    label: optional(number({ integer: true, min: 0, max: 9 }))
  }),
  'datasets.statistics': object({ datasetId: id() }),
  'specs.presets': object({}),
  'specs.validate': object({ spec: unknownValue() }),
  'runs.start': object({
    datasetId: id(),
    spec: unknownValue(),
    backend: optional(literal(...BACKEND_REQUESTS)),
    trainLimit: optional(number({ integer: true, min: 10 })),
    testLimit: optional(number({ integer: true, min: 10 }))
  }),
  'runs.startStudy': object({
    datasetId: id(),
    specs: array(unknownValue(), { min: 1, max: 200 }),
    seed: optional(number({ integer: true, min: 0, max: 2 ** 31 - 1 })),
    /** Runs per variant, with seeds seed, seed+1, ...; 1 when absent. */
    repeats: optional(number({ integer: true, min: 1, max: 100 })),
    backend: optional(literal(...BACKEND_REQUESTS)),
    trainLimit: optional(number({ integer: true, min: 10 })),
    testLimit: optional(number({ integer: true, min: 10 }))
  }),
  'runs.cancel': object({ runId: id() }),
  'runs.list': object({}),
  'runs.get': object({ runId: id() }),
  /** Test images of the dataset a run was trained on (its own slice, even when that is a quick subset). */
  'runs.testImages': object({ runId: id(), indices: array(number({ integer: true, min: 0 }), { min: 1, max: 200 }) }),
  'runs.delete': object({ runId: id() }),
  /** Trains a run again as a new run: same spec, dataset, split seed and backend request, queued. */
  'runs.rerun': object({ runId: id() }),
  'reports.export': object({
    runIds: array(id(), { min: 1, max: 50 }),
    format: literal('html', 'json', 'csv'),
    includeTraining: optional(boolean())
  })
} satisfies Record<string, Schema<unknown>>

export type RequestName = keyof typeof REQUESTS
export type RequestInput<N extends RequestName> = Infer<(typeof REQUESTS)[N]>

export interface HostInfo {
  version: string
  transport: 'ipc' | 'websocket' | 'headless'
  /** Whether this host can print to PDF (the desktop app). */
  pdf: boolean
  /** The native TF.js package installed where this host trains, or null: then 'tensorflow' cannot be chosen. */
  nativeBackend: string | null
  workspace: string
}

export interface DatasetInfo {
  id: string
  summary: DatasetSummary
  importedAt: string
}

export interface SampleImages {
  split: SplitName
  offset: number
  /** Total examples in the split (or of that label when filtered). */
  total: number
  /** Indices into the split. */
  indices: number[]
  labels: number[]
  /** 784 bytes per image, base64, row-major. */
  pixels: string[]
}

export interface TestImages {
  indices: number[]
  labels: number[]
  /** 784 bytes per image, base64, row-major. */
  pixels: string[]
}

export interface DatasetStatistics {
  /** Per class, the mean image of the training split (784 values 0..255). */
  meanImages: number[][]
  /** Training-split pixel-intensity histogram, 256 bins. */
  pixelHistogram: number[]
  /** Index in the train split of the first image of each class (-1 if none). */
  firstOfClass: number[]
  pixelMean: number
  pixelStd: number
}

export interface SpecValidation {
  ok: boolean
  issues: SpecIssue[]
  spec?: ModelSpec
  params?: { layers: { name: string; type: string; outputShape: number[]; params: number }[]; total: number }
}

export interface RunListItem {
  record: RunRecord
  /** Present when run.json or metrics.jsonl could not be read. */
  damaged?: string
}

export interface RunDetails {
  record: RunRecord
  history: EpochMetrics[]
  evaluation?: Evaluation
}

export interface ExportedReport {
  fileName: string
  mimeType: string
  content: string
}

export interface Results {
  'host.info': HostInfo
  'datasets.list': DatasetInfo[]
  'datasets.importFiles': DatasetInfo
  'datasets.importUploads': DatasetInfo
  'datasets.useBundled': DatasetInfo
  'datasets.cancelImport': { cancelled: boolean }
  'datasets.summary': DatasetSummary
  'datasets.samples': SampleImages
  'datasets.statistics': DatasetStatistics
  'specs.presets': Record<string, ModelSpec[]>
  'specs.validate': SpecValidation
  'runs.start': RunRecord
  'runs.startStudy': { studyId: string; runs: RunRecord[] }
  'runs.cancel': { cancelled: boolean }
  'runs.list': RunListItem[]
  'runs.get': RunDetails
  'runs.testImages': TestImages
  'runs.delete': { deleted: boolean }
  'runs.rerun': RunRecord
  'reports.export': ExportedReport
}

/** A dataset joined the workspace (any client's import), so every window can list it. */
export interface DatasetAddedEvent {
  type: 'dataset.added'
  dataset: DatasetInfo
}

export type StudioEvent = RunEvent | ImportProgressEvent | DatasetAddedEvent

/** What a transport carries back for one request. */
export type Response<N extends RequestName> = { ok: true; result: Results[N] } | { ok: false; error: StudioErrorValue }

/** The API as the renderer sees it, whatever the transport. */
export interface StudioClient {
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Results[N]>
  /** Returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void
  /**
   * Transports that can drop (the WebSocket) report each loss (false) and each reconnection (true);
   * events sent meanwhile are lost, so a listener re-reads state. Returns the unsubscribe function.
   */
  onConnection?(listener: (connected: boolean) => void): () => void
}

/** Electron IPC: each request travels on the channel named like the request; events on this one. */
export const IPC_EVENT_CHANNEL = 'studio:event'

/** Error codes a UI may branch on. */
export const ERROR_CODES = {
  invalidRequest: 'invalid_request',
  unknownRequest: 'unknown_request',
  notFound: 'not_found',
  forbidden: 'forbidden',
  /** The work was stopped on request (an import's cancel). */
  cancelled: 'cancelled',
  internal: 'internal'
} as const
