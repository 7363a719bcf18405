/**
 * What crosses Redis for one run, and its checks. Both sides check: a worker refuses a job no host of
 * this version would send, a host refuses an answer no worker of this version would give. Plain checks,
 * kept here so this boundary does not depend on how src/shared/schema.ts evolves.
 */
import { BACKEND_REQUESTS, type BackendChoice, type BackendRequest, type BatchProgress, type EpochMetrics, type TrainOutcome } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import { formatSpecIssues, validateSpec } from '../../../shared/specValidate'

/** Bumped when the payload changes; a worker refuses a job of another version instead of guessing. */
export const PAYLOAD_VERSION = 2

/**
 * The TrainJob without the host's paths, plus the content key of the dataset the worker fetches and
 * the id of the host's workspace (workspaceIdentity.ts), by which a restarted host finds its jobs.
 */
export interface RunJobData {
  v: typeof PAYLOAD_VERSION
  workspace: string
  runId: string
  spec: ModelSpec
  splitSeed: number
  backend: BackendRequest
  datasetFingerprint: string
}

/** A worker's identity, told when it starts a job and returned with the result. */
export interface WorkerIdentity {
  host: string
  pid: number
}

/** Sent as the job's progress (BullMQ job.updateProgress), in order; `attempt` tells apart the starts of one job. */
export type WorkerEvent =
  | { kind: 'start'; attempt: string; worker: WorkerIdentity }
  | { kind: 'backend'; attempt: string; choice: BackendChoice }
  | { kind: 'progress'; attempt: string; progress: BatchProgress }
  | { kind: 'epoch'; attempt: string; metrics: EpochMetrics }

/** A model file the worker left in Redis for the host (modelFileKey). */
export interface ModelFileRef {
  name: string
  bytes: number
  sha256: string
}

/** The job's return value. */
export type WorkerReturn = { worker: WorkerIdentity; backend?: BackendChoice } & (
  | { status: 'finished'; outcome: TrainOutcome; modelFiles: ModelFileRef[] }
  | { status: 'cancelled'; history: EpochMetrics[] }
  | { status: 'failed'; error: string; history: EpochMetrics[] }
)

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string }

const FINGERPRINT = /^[0-9a-f]{64}$/
const WORKSPACE = /^[0-9a-f]{32}$/
const RUN_ID = /^[A-Za-z0-9._-]{1,128}$/
/** Model file names as the trainer writes them; anything else could escape the model folder. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isWhole = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0
const isString = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max
const fail = <T>(error: string): Checked<T> => ({ ok: false, error })

export function checkRunJobData(input: unknown): Checked<RunJobData> {
  if (!isObject(input)) return fail('job data is not an object')
  if (input.v !== PAYLOAD_VERSION) return fail(`job data version ${String(input.v)}; this worker reads version ${PAYLOAD_VERSION} (update the host or the worker)`)
  if (!isString(input.workspace) || !WORKSPACE.test(input.workspace)) return fail('job data: workspace is not 32 hex digits')
  if (!isString(input.runId) || !RUN_ID.test(input.runId)) return fail('job data: runId is not a run id')
  if (!isWhole(input.splitSeed)) return fail('job data: splitSeed is not a whole number')
  if (!BACKEND_REQUESTS.includes(input.backend as BackendRequest)) return fail(`job data: backend must be one of ${BACKEND_REQUESTS.join(', ')}`)
  if (!isString(input.datasetFingerprint) || !FINGERPRINT.test(input.datasetFingerprint)) return fail('job data: datasetFingerprint is not 64 hex digits')
  const spec = validateSpec(input.spec)
  if (!spec.ok) return fail(`job data: spec: ${formatSpecIssues(spec.issues)}`)
  return {
    ok: true,
    value: { v: PAYLOAD_VERSION, workspace: input.workspace, runId: input.runId, spec: spec.spec, splitSeed: input.splitSeed, backend: input.backend as BackendRequest, datasetFingerprint: input.datasetFingerprint }
  }
}

function isWorkerIdentity(v: unknown): v is WorkerIdentity {
  return isObject(v) && isString(v.host, 255) && isWhole(v.pid)
}

function isBackendChoice(v: unknown): v is BackendChoice {
  return isObject(v) && ['tensorflow', 'wasm', 'cpu'].includes(v.name as string) && isString(v.package, 200) && isString(v.reason) && isWhole(v.threads)
}

function isEpochMetrics(v: unknown): v is EpochMetrics {
  return (
    isObject(v) &&
    isWhole(v.epoch) &&
    isNumber(v.loss) &&
    isNumber(v.accuracy) &&
    isNumber(v.ms) &&
    (v.val_loss === undefined || isNumber(v.val_loss)) &&
    (v.val_accuracy === undefined || isNumber(v.val_accuracy))
  )
}

function isBatchProgress(v: unknown): v is BatchProgress {
  return isObject(v) && ['epoch', 'epochs', 'batch', 'batches', 'loss', 'accuracy', 'msPerStep', 'etaMs'].every((k) => isNumber(v[k]))
}

function isHistory(v: unknown): v is EpochMetrics[] {
  return Array.isArray(v) && v.length <= 100_000 && v.every(isEpochMetrics)
}

/** The outcome's numbers are checked; the evaluation's arrays are checked for shape, as the reports read them. */
function isOutcome(v: unknown): v is TrainOutcome {
  if (!isObject(v) || !isHistory(v.history) || !isWhole(v.bestEpoch) || !isWhole(v.epochsRun)) return false
  if (typeof v.stoppedEarly !== 'boolean' || typeof v.cancelled !== 'boolean' || !isNumber(v.msPerStep) || !isNumber(v.seconds)) return false
  const e = v.evaluation
  return (
    isObject(e) &&
    ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy'].every((k) => isNumber(e[k])) &&
    Array.isArray(e.confusion) &&
    e.confusion.every((row) => Array.isArray(row) && row.every(isNumber)) &&
    Array.isArray(e.perClassAccuracy) &&
    e.perClassAccuracy.every(isNumber) &&
    Array.isArray(e.samples) &&
    Array.isArray(e.misclassified) &&
    Array.isArray(e.weights)
  )
}

function isModelFileRef(v: unknown): v is ModelFileRef {
  return isObject(v) && isString(v.name, 128) && FILE_NAME.test(v.name) && isWhole(v.bytes) && isString(v.sha256, 64) && FINGERPRINT.test(v.sha256)
}

export function checkWorkerEvent(input: unknown): Checked<WorkerEvent> {
  if (!isObject(input) || !isString(input.attempt, 100)) return fail('progress is not a worker event')
  const ok = (): Checked<WorkerEvent> => ({ ok: true, value: input as WorkerEvent })
  switch (input.kind) {
    case 'start':
      return isWorkerIdentity(input.worker) ? ok() : fail('start event: no worker identity')
    case 'backend':
      return isBackendChoice(input.choice) ? ok() : fail('backend event: not a backend choice')
    case 'progress':
      return isBatchProgress(input.progress) ? ok() : fail('progress event: not batch progress')
    case 'epoch':
      return isEpochMetrics(input.metrics) ? ok() : fail('epoch event: not epoch metrics')
    default:
      return fail(`unknown worker event kind ${String(input.kind).slice(0, 40)}`)
  }
}

export function checkWorkerReturn(input: unknown): Checked<WorkerReturn> {
  if (!isObject(input)) return fail('the worker returned no result object')
  if (!isWorkerIdentity(input.worker)) return fail('the worker result names no worker')
  if (input.backend !== undefined && !isBackendChoice(input.backend)) return fail('the worker result has an invalid backend')
  const ok = (): Checked<WorkerReturn> => ({ ok: true, value: input as WorkerReturn })
  switch (input.status) {
    case 'finished':
      if (!isOutcome(input.outcome)) return fail('the worker result has an invalid outcome')
      return Array.isArray(input.modelFiles) && input.modelFiles.length <= 16 && input.modelFiles.every(isModelFileRef) ? ok() : fail('the worker result lists invalid model files')
    case 'cancelled':
      return isHistory(input.history) ? ok() : fail('the worker result has an invalid history')
    case 'failed':
      return isString(input.error) && isHistory(input.history) ? ok() : fail('the worker result has an invalid error or history')
    default:
      return fail(`the worker result has an unknown status ${String(input.status).slice(0, 40)}`)
  }
}
