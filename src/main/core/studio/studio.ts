/**
 * The Studio: the one implementation of the Studio API (src/shared/api.ts) over the core. Transports
 * (Electron IPC, WebSocket) only pass requests to handle() and events from onEvent().
 */
import { stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename } from 'node:path'
import {
  ERROR_CODES,
  REQUESTS,
  type RequestInput,
  type RequestName,
  type DatasetInfo,
  type HostInfo,
  type QueueStatus,
  type Response,
  type Results,
  type StudioEvent
} from '../../../shared/api'
import { DEFAULT_SEED } from '../../../shared/defaults'
import { UserError, type StudioErrorValue } from '../../../shared/errors'
import { PRESETS } from '../../../shared/presets'
import { plural } from '../../../shared/format'
import { formatIssues } from '../../../shared/schema'
import type { ModelSpec } from '../../../shared/spec'
import { countParameters, outputLayerProblem, validateSpec } from '../../../shared/specValidate'
import { loadBundled } from '../datasets/bundled'
import { throwIfCancelled } from '../datasets/errors'
import { fingerprintDataset } from '../datasets/fingerprint'
import { importFiles } from '../datasets/importFiles'
import type { Dataset } from '../datasets/types'
import { RunStore } from '../runs/runStore'
import { acquireWorkspaceLock, type WorkspaceLock } from '../runs/workspaceLock'
import { ConcurrencyLimit } from '../util/concurrencyLimit'
import { ImportGate } from './importGate'
import { limitDataset } from '../datasets/loadDataset'
import { prepareDatasetFile, preparedDatasetPath } from '../datasets/preparedDataset'
import { createQueuedRuns } from './createRuns'
import type { BackendRequest, RunRecord } from '../../../shared/results'
import { assertBackendInstalled, installedNativePackage } from '../training/backendAvailability'
import type { RunExecutor } from './executor'
import { DatasetRegistry } from './datasetRegistry'
import { sampleImages, testImages } from './datasetStatistics'
import { misclassifiedPage } from './misclassifiedPage'
import { exportReport } from './reportExport'
import { withClassNames } from './runClassNames'
import { exportRun } from '../export/exportRun'
import { RunPredictor } from '../predict/predictRuns'
import { probeRobustness } from '../robustness/probeRobustness'
import type { RunProbeJob } from '../robustness/robustnessProcess'
import { newStudyId, RunQueue, type QueuedRun } from './runQueue'
import { workspaceIdentity } from '../runs/workspaceIdentity'

export interface StudioOptions {
  workspace: string
  cacheDir: string
  /** A read-only folder with the bundled data's cache ready (the packaged app's resources). */
  bundledDir?: string
  /** Where runs are trained: trainer processes here (localExecutor) or elsewhere. */
  executor: RunExecutor
  transport: HostInfo['transport']
  /** Who holds the workspace, as a second host is told (default: by transport). */
  hostName?: string
  version: string
  /** Whether the host can print reports to PDF (the desktop app). */
  pdf?: boolean
  /** Whether a path may be read: only files the user chose. Absent: no path is accepted. */
  allowPath?: (path: string) => boolean
  /** Resolves an upload id to the uploaded file's path (browser mode). */
  resolveUpload?: (uploadId: string) => string | undefined
  /** Trainer processes at once (default 1). */
  concurrency?: number
  /** How robustness probes run (default: a Node child process; the desktop app forks its built entry). */
  runProbeJob?: RunProbeJob
  /** Where runs train, for the status line (default: here). */
  queueStatus?: () => Promise<QueueStatus>
}

type Handlers = { [N in RequestName]: (input: RequestInput<N>) => Promise<Results[N]> }

/**
 * Requests handled at once, whatever the transport: a burst (many tabs, a script) then waits its
 * turn instead of opening thousands of files together (EMFILE under a 256-file limit) or holding
 * every answer in memory at the same time.
 */
const MAX_CONCURRENT_REQUESTS = 8
/** Requests run outside that limit: the cancel of an import, and the imports, which take turns at the ImportGate. */
const OUTSIDE_LIMIT: ReadonlySet<RequestName> = new Set([
  'datasets.cancelImport',
  'datasets.importFiles',
  'datasets.importUploads',
  'datasets.useBundled',
  // A probe takes minutes in its own process; it must not hold a slot, nor its cancel wait for one.
  'runs.robustness',
  'runs.cancelRobustness'
])

export class Studio {
  readonly store: RunStore
  readonly datasets: DatasetRegistry
  private readonly queue: RunQueue
  private readonly listeners = new Set<(event: StudioEvent) => void>()
  private readonly handlers: Handlers
  private lock: WorkspaceLock | undefined
  private readonly limit = new ConcurrencyLimit(MAX_CONCURRENT_REQUESTS)
  private readonly importGate = new ImportGate()
  /** Imports in progress by the id their client gave, for datasets.cancelImport. */
  private readonly imports = new Map<string, AbortController>()
  /** Robustness probes in progress by the id their client gave, for runs.cancelRobustness. */
  private readonly probes = new Map<string, AbortController>()
  private readonly predictor: RunPredictor
  private readonly resumed: string[] = []

  constructor(private readonly opts: StudioOptions) {
    this.store = new RunStore(opts.workspace)
    this.datasets = new DatasetRegistry(opts.workspace)
    this.queue = new RunQueue(this.store, opts.executor, (e) => this.emit(e), opts.concurrency ?? 1)
    this.predictor = new RunPredictor(opts.workspace)
    this.handlers = this.createHandlers()
  }

  /**
   * Takes the workspace (one host at a time) and prepares it. Runs an earlier host left queued or
   * running that the executor still trains (a queue's jobs) are followed again (`resumedRuns`); the
   * others become interrupted. Returns the ids of those.
   */
  async init(): Promise<string[]> {
    this.lock = await acquireWorkspaceLock(this.opts.workspace, this.opts.hostName ?? (this.opts.transport === 'ipc' ? 'the desktop app' : 'regstudio serve'))
    const resumed = await this.claimWorkspace()
    const interrupted = await this.store.init(resumed)
    await this.datasets.init()
    await this.resume([...resumed])
    return interrupted
  }

  /** Runs an earlier host left on the executor, followed again by this one. */
  get resumedRuns(): string[] {
    return [...this.resumed]
  }

  private async claimWorkspace(): Promise<Set<string>> {
    const { executor } = this.opts
    if (!executor.claimWorkspace) return new Set()
    return executor.claimWorkspace(await workspaceIdentity(this.opts.workspace), await this.store.leftActive())
  }

  private async resume(runIds: string[]): Promise<void> {
    const runs: QueuedRun[] = []
    for (const runId of runIds) {
      const { record, history } = await this.store.get(runId)
      const backend = record.backendRequest ?? 'auto'
      const datasetFile = preparedDatasetPath(this.opts.workspace, record.dataset.fingerprint)
      runs.push({ record, datasetFile, splitSeed: record.splitSeed ?? record.spec.seed, backend, resumed: { logged: history } })
    }
    this.resumed.push(...runIds)
    this.queue.enqueue(...runs)
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Validates and runs one request; never throws: every failure is a typed error value. */
  handle<N extends RequestName>(name: N, input: unknown): Promise<Response<N>>
  handle(name: string, input: unknown): Promise<Response<RequestName>>
  async handle(name: string, input: unknown): Promise<Response<RequestName>> {
    if (!Object.prototype.hasOwnProperty.call(REQUESTS, name)) {
      return { ok: false, error: { code: ERROR_CODES.unknownRequest, message: `unknown request "${String(name).slice(0, 100)}"` } }
    }
    const requestName = name as RequestName
    const checked = REQUESTS[requestName].check(input === undefined ? {} : input)
    if (!checked.ok) {
      return {
        ok: false,
        error: { code: ERROR_CODES.invalidRequest, message: `${name}: ${formatIssues(checked.issues)}`, details: { issues: checked.issues } }
      }
    }
    try {
      const handler = this.handlers[requestName] as (input: unknown) => Promise<Results[RequestName]>
      const work = () => handler(checked.value)
      // A cancel must not queue behind the imports it is meant to stop; imports take turns at their
      // own gate, and waiting there must not hold the slots every other request needs.
      return { ok: true, result: await (OUTSIDE_LIMIT.has(requestName) ? work() : this.limit.run(work)) }
    } catch (err) {
      return { ok: false, error: toErrorValue(err) }
    }
  }

  /** Runs trained side by side. */
  get lanes(): number {
    return this.opts.concurrency ?? 1
  }

  /** Resolves once none of these runs is queued or running any more. */
  settled(runIds: readonly string[]): Promise<void> {
    return this.queue.settled(runIds)
  }

  /** Cancels these runs: queued ones at once, running ones after their current batch. */
  async cancelRuns(runIds: readonly string[]): Promise<void> {
    await this.queue.cancelMany(runIds)
  }

  async dispose(): Promise<void> {
    await this.queue.stopAll()
    await this.opts.executor.releaseTrainers?.()
    this.listeners.clear()
    await this.lock?.release()
    this.lock = undefined
  }

  private emit(event: StudioEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // One broken listener (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }

  private createHandlers(): Handlers {
    return {
      'host.info': async () => ({
        version: this.opts.version,
        transport: this.opts.transport,
        pdf: this.opts.pdf ?? false,
        nativeBackend: installedNativePackage(),
        webgpu: this.opts.executor.webgpu === true,
        workspace: this.opts.workspace,
        cores: availableParallelism(),
        lanes: this.lanes
      }),
      'host.queue': async () => (this.opts.queueStatus ? this.opts.queueStatus() : { mode: 'local', workers: [] }),
      'datasets.list': async () => this.datasets.list(),
      'datasets.importFiles': async ({ paths, importId }) => {
        const refused = paths.filter((p) => !this.opts.allowPath?.(p))
        if (refused.length > 0) {
          throw new UserError(ERROR_CODES.forbidden, `not a file you chose: ${refused[0]} (open it with the file dialog or drop it in the window)`)
        }
        return this.importing(importId, (signal) =>
          importFiles(paths, { signal, onProgress: (p) => this.importProgress(importId, `reading ${p.file}`, p.bytesRead, p.totalBytes) })
        )
      },
      'datasets.importUploads': async ({ uploadIds, importId }) => {
        const paths = uploadIds.map((id) => {
          const path = this.opts.resolveUpload?.(id)
          if (!path) throw new UserError(ERROR_CODES.notFound, `no upload "${id}" (upload the file again)`)
          return path
        })
        try {
          return await this.importing(importId, (signal) =>
            importFiles(paths, { signal, onProgress: (p) => this.importProgress(importId, `reading ${basename(p.file)}`, p.bytesRead, p.totalBytes) })
          )
        } catch (err) {
          throw err instanceof UserError ? withUploadNames(err, paths) : err
        }
      },
      'datasets.useBundled': async ({ seed, importId }) =>
        this.importing(importId, (signal) =>
          loadBundled({
            cacheDir: this.opts.cacheDir,
            prebuiltDir: this.opts.bundledDir,
            seed,
            signal,
            onProgress: (m, d, t) => this.importProgress(importId, m, d, t)
          })
        ),
      'datasets.cancelImport': async ({ importId }) => {
        const controller = this.imports.get(importId)
        controller?.abort()
        return { cancelled: controller !== undefined }
      },
      'datasets.summary': async ({ datasetId }) => this.datasets.info(datasetId).summary,
      'datasets.setClassNames': async ({ datasetId, classNames }) => {
        const info = await this.datasets.setClassNames(datasetId, classNames)
        this.emit({ type: 'dataset.added', dataset: info })
        return info
      },
      'datasets.samples': async ({ datasetId, split, offset, limit, label }) =>
        sampleImages(await this.datasets.get(datasetId), split, offset, limit, label),
      'datasets.statistics': async ({ datasetId }) => this.datasets.statisticsOf(datasetId),
      'specs.presets': async () => structuredClone(PRESETS),
      'specs.validate': async ({ spec }) => {
        const checked = validateSpec(spec)
        return checked.ok ? { ok: true, issues: [], spec: checked.spec, params: countParameters(checked.spec) } : { ok: false, issues: checked.issues }
      },
      'runs.start': async ({ datasetId, spec, backend, trainLimit, testLimit }) => {
        assertBackendInstalled(backend ?? 'auto', installedNativePackage(), this.opts.executor.webgpu === true)
        const [record] = await this.enqueueRuns(datasetId, [spec], spec.seed, backend ?? 'auto', trainLimit, testLimit)
        return record
      },
      'runs.startStudy': async ({ datasetId, specs, seed, repeats, backend, trainLimit, testLimit }) => {
        assertBackendInstalled(backend ?? 'auto', installedNativePackage(), this.opts.executor.webgpu === true)
        const studySeed = seed ?? DEFAULT_SEED
        // Repeat i of every variant trains with seed S+i, so repeats pair across variants; the
        // validation split stays the study's one, from S.
        const runsOf = Array.from({ length: repeats ?? 1 }, (_, i) => specs.map((spec) => ({ ...spec, seed: studySeed + i }))).flat()
        const studyId = newStudyId()
        const runs = await this.enqueueRuns(datasetId, runsOf, studySeed, backend ?? 'auto', trainLimit, testLimit, studyId)
        return { studyId, runs }
      },
      'runs.cancel': async ({ runId }) => ({ cancelled: await this.queue.cancel(runId) }),
      'runs.list': async () =>
        (await this.store.list()).map((s) =>
          s.damaged ? { record: damagedRecord(s.id), damaged: s.reason } : { record: withClassNames(s.record, this.datasets.list()) }
        ),
      'runs.get': async ({ runId }) => {
        const run = await this.store.get(runId)
        return { ...run, record: withClassNames(run.record, this.datasets.list()) }
      },
      'runs.testImages': async ({ runId, indices }) => {
        const { record } = await this.store.get(runId)
        return testImages(await this.datasets.byFingerprint(record.dataset.fingerprint), indices)
      },
      'runs.misclassified': async ({ runId, offset, limit, label, predicted }) => {
        const { evaluation } = await this.store.get(runId)
        if (!evaluation) throw new UserError(ERROR_CODES.notFound, `run ${runId} has no test results yet: only a finished run has misclassified images`)
        return misclassifiedPage(evaluation, await this.store.misclassified(runId), { label, predicted }, offset, limit)
      },
      'runs.delete': async ({ runId }) => {
        if (this.queue.isActive(runId)) throw new UserError('busy', `run ${runId} is queued or running: cancel it first`)
        await this.store.delete(runId)
        return { deleted: true }
      },
      'runs.rerun': async ({ runId }) => this.rerun(runId),
      'runs.exportModel': async ({ runId, format }) => {
        const { fileName, bytes } = await exportRun(this.opts.workspace, runId, format)
        return { fileName, mimeType: format === 'onnx' ? 'application/octet-stream' : 'application/zip', content: Buffer.from(bytes).toString('base64') }
      },
      'runs.predict': async ({ runIds, pixels }) => ({ predictions: await this.predictor.predict(runIds, Buffer.from(pixels, 'base64')) }),
      'runs.robustness': async ({ runIds, probeId, cachedOnly }) => this.probe(runIds, probeId, cachedOnly ?? false),
      'runs.cancelRobustness': async ({ probeId }) => {
        const controller = this.probes.get(probeId)
        controller?.abort()
        return { cancelled: controller !== undefined }
      },
      'reports.export': async ({ runIds, format }) => exportReport(this.store, this.datasets.list(), (fingerprint) => this.datasets.byFingerprint(fingerprint), runIds, format)
    }
  }

  /** Measures (or reads from the caches) the runs' robustness, reporting progress under probeId. */
  private async probe(runIds: string[], probeId: string | undefined, cachedOnly: boolean): Promise<Results['runs.robustness']> {
    const controller = new AbortController()
    if (probeId !== undefined) {
      if (this.probes.has(probeId)) throw new UserError(ERROR_CODES.invalidRequest, `a robustness probe with id "${probeId}" is already running`)
      this.probes.set(probeId, controller)
    }
    try {
      const rows = await probeRobustness(this.opts.workspace, runIds, {
        cachedOnly,
        signal: controller.signal,
        runJob: this.opts.runProbeJob,
        onProgress: (done, total) => {
          if (probeId !== undefined) this.emit({ type: 'robustness.progress', probeId, done, total })
        }
      })
      return { rows }
    } finally {
      if (probeId !== undefined) this.probes.delete(probeId)
    }
  }

  /** Queues a new run with the spec, dataset, split seed and backend request of an earlier one. */
  private async rerun(runId: string): Promise<RunRecord> {
    if (this.queue.isActive(runId)) throw new UserError('busy', `run ${runId} is queued or running: wait for it or cancel it first`)
    const { record } = await this.store.get(runId)
    const datasetFile = preparedDatasetPath(this.opts.workspace, record.dataset.fingerprint)
    const present = await stat(datasetFile).then(
      (s) => s.isFile(),
      () => false
    )
    if (!present) {
      throw new UserError(ERROR_CODES.notFound, `the dataset run ${runId} was trained on is no longer in this workspace; import it again and start a new run`)
    }
    const backend = record.backendRequest ?? 'auto'
    const copy = await this.store.create({
      name: record.name,
      studyId: record.studyId,
      spec: record.spec,
      dataset: record.dataset,
      splitSeed: record.splitSeed,
      backendRequest: backend,
      status: 'queued',
      epochsRun: 0
    })
    // Runs made before split seeds were recorded used their spec's seed for the split.
    this.queue.enqueue({ record: copy, datasetFile, splitSeed: record.splitSeed ?? record.spec.seed, backend })
    return copy
  }

  private async enqueueRuns(
    datasetId: string,
    specs: ModelSpec[],
    splitSeed: number,
    backend: BackendRequest,
    trainLimit?: number,
    testLimit?: number,
    studyId?: string
  ) {
    const whole = await this.datasets.get(datasetId)
    for (const spec of specs) {
      const problem = outputLayerProblem(spec, whole.classNames)
      if (problem !== null) throw new UserError('invalid_spec', `variant ${spec.name}: ${problem}`, { variant: spec.name })
    }
    const dataset = limitDataset(whole, trainLimit, testLimit, splitSeed)
    let fingerprint = this.datasets.info(datasetId).summary.fingerprint
    let datasetFile = this.datasets.fileOf(datasetId)
    if (dataset !== whole) {
      fingerprint = fingerprintDataset(dataset)
      datasetFile = await prepareDatasetFile(this.opts.workspace, dataset, fingerprint)
    }
    const records = await createQueuedRuns(
      this.store,
      specs,
      { dataset, source: dataset.source.description, fingerprint, splitSeed, backendRequest: backend },
      studyId
    )
    this.queue.enqueue(...records.map((record) => ({ record, datasetFile, splitSeed, backend })))
    return records
  }

  /** Runs one import under its importId, so that datasets.cancelImport can stop it. */
  private async importing(importId: string | undefined, task: (signal: AbortSignal) => Promise<Dataset>): Promise<DatasetInfo> {
    const controller = new AbortController()
    if (importId !== undefined) {
      if (this.imports.has(importId)) throw new UserError(ERROR_CODES.invalidRequest, `an import with id "${importId}" is already running`)
      this.imports.set(importId, controller)
    }
    try {
      const leave = await this.importGate.enter(controller.signal, (ahead) =>
        this.importProgress(importId, `waiting for ${plural(ahead, 'earlier import')} to finish`, 0, 0)
      )
      try {
        const dataset = await task(controller.signal)
        // Cancelled after the last file was read: nothing is added.
        throwIfCancelled(controller.signal)
        return await this.addDataset(dataset)
      } finally {
        leave()
      }
    } finally {
      if (importId !== undefined) this.imports.delete(importId)
    }
  }

  private async addDataset(dataset: Dataset): Promise<DatasetInfo> {
    const info = await this.datasets.add(dataset)
    this.emit({ type: 'dataset.added', dataset: info })
    return info
  }

  private importProgress(importId: string | undefined, message: string, done: number, total: number): void {
    this.emit(importId === undefined ? { type: 'dataset.progress', message, done, total } : { type: 'dataset.progress', importId, message, done, total })
  }
}

/** Uploads live in a temp folder; the user knows them by their own file names only. */
function withUploadNames(err: UserError, paths: string[]): UserError {
  let message = err.message
  for (const path of paths) message = message.split(path).join(basename(path))
  return new UserError(err.code, message, err.details)
}

function toErrorValue(err: unknown): StudioErrorValue {
  if (err instanceof UserError) return err.toValue()
  return { code: ERROR_CODES.internal, message: err instanceof Error ? err.message : String(err) }
}

/** A placeholder record for a run whose run.json cannot be read, so the list can still show it. */
function damagedRecord(id: string) {
  return {
    id,
    name: id,
    spec: PRESETS.seed[0],
    dataset: { source: '', fingerprint: '', train: 0, validation: 0, test: 0 },
    status: 'failed' as const,
    createdAt: '',
    epochsRun: 0
  }
}
