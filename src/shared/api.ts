/**
 * The Studio API: every request a UI can make, with its runtime input schema and its result type,
 * and every event a host pushes. Electron IPC (src/main/ipc) and the WebSocket host (src/main/serve.ts)
 * bind this same table; the renderer's clients implement it once per transport.
 */
import * as z from 'zod/mini'
import { MAX_CLASSES, MIN_CLASSES } from './classNames'
import { MAX_REPEATS } from './defaults'
import type { DatasetSummary, SplitName } from './dataset'
import type { StudioErrorValue } from './errors'
import type { DatasetInfo, StudioEvent } from './events'
import { BACKEND_REQUESTS, type EpochMetrics, type Evaluation, type RunRecord, type SamplePrediction } from './results'
import { schema, type Infer, type Schema } from './schema'
import type { RobustnessRow } from './robustness'
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
/** What a comparison exports as: the HTML report, summary JSON, per-epoch metrics CSV or final metrics CSV (one row per run). */
export const EXPORT_FORMATS = ['html', 'json', 'csv', 'final-csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
/** A class index: datasets have at most 100 classes. */
const classIndex = () => z.optional(wholeNumber(0, 99))
/** What runs.exportModel writes: ONNX (opset 13) or the TF.js layers files in a zip. */
export const MODEL_EXPORT_FORMATS = ['onnx', 'tfjs'] as const
export type ModelExportFormat = (typeof MODEL_EXPORT_FORMATS)[number]
/** 784 bytes in base64, without line breaks: 4 characters per 3 bytes, 784 = 261 × 3 + 1, so 262 groups. */
const IMAGE_BASE64_LENGTH = 1048
const request = <S extends z.core.$ZodLooseShape>(shape: S) => schema(z.strictObject(shape))

export const REQUESTS = {
  'host.info': request({}),
  /** Where runs train: here, or through a Redis queue (its state and the workers seen). */
  'host.queue': request({}),
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
    label: z.optional(wholeNumber(0, MAX_CLASSES - 1))
  }),
  /** The user's names for the dataset's classes (one per class), kept with it and used by its runs and reports. */
  'datasets.setClassNames': request({
    datasetId: id(),
    classNames: z.array(z.string().check(z.maxLength(60))).check(z.minLength(MIN_CLASSES), z.maxLength(MAX_CLASSES))
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
  /** A page of a finished run's misclassified test images, optionally of one true and/or one predicted class. */
  'runs.misclassified': request({ runId: id(), offset: wholeNumber(0), limit: wholeNumber(1, 200), label: classIndex(), predicted: classIndex() }),
  'runs.delete': request({ runId: id() }),
  /** Trains a run again as a new run: same spec, dataset, split seed and backend request, queued. */
  'runs.rerun': request({ runId: id() }),
  /** A finished run's trained model as a file: ONNX, or the TF.js files zipped. */
  'runs.exportModel': request({ runId: id(), format: z.enum(MODEL_EXPORT_FORMATS) }),
  /** Each run's class probabilities for one 28×28 image (try it): 784 bytes 0..255, row-major, base64. */
  'runs.predict': request({
    runIds: z.array(id()).check(z.minLength(1), z.maxLength(50)),
    pixels: z.string().check(z.length(IMAGE_BASE64_LENGTH), z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'))
  }),
  /**
   * Test accuracy of finished runs under perturbed images, measured in a child process and cached
   * with each run; `cachedOnly` answers from the caches alone. Progress: 'robustness.progress' events
   * with this probeId, which 'runs.cancelRobustness' takes.
   */
  'runs.robustness': request({ runIds: z.array(id()).check(z.minLength(1), z.maxLength(50)), probeId: z.optional(id()), cachedOnly: z.optional(z.boolean()) }),
  'runs.cancelRobustness': request({ probeId: id() }),
  'reports.export': request({ runIds: z.array(id()).check(z.minLength(1), z.maxLength(50)), format: z.enum(EXPORT_FORMATS) })
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

/** Where a host's runs train, as its status line shows it. */
export interface QueueStatus {
  /** 'queue': runs go to `regstudio worker`s through Redis; 'local': trainer processes on this machine. */
  mode: 'local' | 'queue'
  /** The Redis URL in use, or the one that could not be opened; its password always masked. */
  url?: string
  reachable?: boolean
  /** One line: why the queue is unreachable, or why the host trains here instead. */
  problem?: string
  /** Workers connected to the queue now, as host:pid. */
  workers: string[]
  /** Jobs waiting for a worker and being trained, over every host of the queue. */
  waiting?: number
  active?: number
  /** The desktop app's saved queue setting (password masked, null: none), when it differs from the one in use: applied at next start. */
  saved?: { url: string | null }
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

export interface MisclassifiedPage {
  /** Misclassified test images of the run in all (the confusion matrix off its diagonal). */
  total: number
  /** Of those, the ones of the requested true and predicted class. */
  matching: number
  /** How many of the matching ones can be paged: all, unless the run predates the full list. */
  listed: number
  offset: number
  /** In test-set order. */
  predictions: SamplePrediction[]
  /** False for a run trained before every misclassified image was kept: only its first 50 are listed. */
  complete: boolean
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

export interface ExportedModelFile {
  fileName: string
  mimeType: string
  /** The file's bytes, base64. */
  content: string
}

export interface RunPrediction {
  runId: string
  /** One per output unit of the run's model (its classes). */
  probabilities: number[]
}

export interface Results {
  'host.info': HostInfo
  'host.queue': QueueStatus
  'datasets.list': DatasetInfo[]
  'datasets.importFiles': DatasetInfo
  'datasets.importUploads': DatasetInfo
  'datasets.useBundled': DatasetInfo
  'datasets.cancelImport': { cancelled: boolean }
  'datasets.summary': DatasetSummary
  'datasets.setClassNames': DatasetInfo
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
  'runs.misclassified': MisclassifiedPage
  'runs.delete': { deleted: boolean }
  'runs.rerun': RunRecord
  'runs.exportModel': ExportedModelFile
  'runs.predict': { predictions: RunPrediction[] }
  'runs.robustness': { rows: RobustnessRow[] }
  'runs.cancelRobustness': { cancelled: boolean }
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
