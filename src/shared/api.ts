/**
 * The Studio API: every request a UI can make, with its runtime input schema and its result type,
 * and every event a host pushes. Electron IPC (src/main/ipc) and the WebSocket host (src/main/serve.ts)
 * bind this same table; the renderer's clients implement it once per transport.
 */
import * as z from 'zod/mini'
import { MAX_REPEATS } from './defaults'
import type { DatasetSummary, SplitName } from './dataset'
import type { StudioErrorValue } from './errors'
import type { DatasetInfo, StudioEvent } from './events'
import { BACKEND_REQUESTS, type EpochMetrics, type Evaluation, type RunRecord } from './results'
import { schema, type Infer, type Schema } from './schema'
import { LIMITS, type ModelSpec, type SpecIssue } from './spec'
import { validModelSpec } from './specValidate'

export { ERROR_CODES } from './errors'
export type { DatasetInfo, StudioEvent } from './events'

const id = () => z.string().check(z.minLength(1), z.maxLength(200))
const wholeNumber = (min: number, max?: number) => (max === undefined ? z.int().check(z.minimum(min)) : z.int().check(z.minimum(min), z.maximum(max)))
const seed = z.optional(wholeNumber(0, LIMITS.maxSeed))
const backend = z.optional(z.enum(BACKEND_REQUESTS))
/** Quick runs on a slice of the data: at least 10 examples. */
const limit = z.optional(wholeNumber(10))
const request = <S extends z.core.$ZodLooseShape>(shape: S) => schema(z.strictObject(shape))

export const REQUESTS = {
  'host.info': request({}),
  'datasets.list': request({}),
  /** Files the user chose (Electron: dialog or drop; never a path typed by the page). */
  'datasets.importFiles': request({ paths: z.array(z.string().check(z.minLength(1), z.maxLength(4096))).check(z.minLength(1), z.maxLength(8)), importId: z.optional(id()) }),
  /** Files uploaded over HTTP first (browser mode), named by the ids the upload returned. */
  'datasets.importUploads': request({ uploadIds: z.array(id()).check(z.minLength(1), z.maxLength(8)), importId: z.optional(id()) }),
  'datasets.useBundled': request({ seed, importId: z.optional(id()) }),
  /** Stops the import started with this importId; it then fails with the code 'cancelled'. */
  'datasets.cancelImport': request({ importId: id() }),
  'datasets.summary': request({ datasetId: id() }),
  'datasets.samples': request({
    datasetId: id(),
    split: z.enum(['train', 'test']),
    offset: wholeNumber(0),
    limit: wholeNumber(1, 500),
    label: z.optional(wholeNumber(0, 9))
  }),
  'datasets.statistics': request({ datasetId: id() }),
  'specs.presets': request({}),
  /** Any value: the answer lists its problems rather than refusing the request. */
  'specs.validate': request({ spec: z.optional(z.unknown()) }),
  'runs.start': request({ datasetId: id(), spec: validModelSpec, backend, trainLimit: limit, testLimit: limit }),
  'runs.startStudy': request({
    datasetId: id(),
    specs: z.array(validModelSpec).check(z.minLength(1), z.maxLength(200)),
    seed,
    /** Runs per variant, with seeds seed, seed+1, ...; 1 when absent. */
    repeats: z.optional(wholeNumber(1, MAX_REPEATS)),
    backend,
    trainLimit: limit,
    testLimit: limit
  }),
  'runs.cancel': request({ runId: id() }),
  'runs.list': request({}),
  'runs.get': request({ runId: id() }),
  /** Test images of the dataset a run was trained on (its own slice, even when that is a quick subset). */
  'runs.testImages': request({ runId: id(), indices: z.array(wholeNumber(0)).check(z.minLength(1), z.maxLength(200)) }),
  'runs.delete': request({ runId: id() }),
  /** Trains a run again as a new run: same spec, dataset, split seed and backend request, queued. */
  'runs.rerun': request({ runId: id() }),
  'reports.export': request({ runIds: z.array(id()).check(z.minLength(1), z.maxLength(50)), format: z.enum(['html', 'json', 'csv']) })
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
  /** Whether this host can train on WebGPU (the desktop app's trainer window); else 'webgpu' cannot be chosen. */
  webgpu: boolean
  workspace: string
  /** Cores where this host trains and runs it trains side by side: for study time estimates. */
  cores: number
  lanes: number
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
