/**
 * Application state: what several views share (host, datasets, runs, the comparison's selection, live
 * run events) and the one instance of each view's state class, so a view's work survives switching away.
 */
import { untrack } from 'svelte'
import type { DatasetInfo, HostInfo, RunListItem, StudioClient, StudioEvent } from '../../../shared/api'
import type { MenuCommand } from '../../../shared/preloadApi'
import { isActiveStatus, type RunRecord } from '../../../shared/results'
import type { DesktopBridge } from '../api/client'
import { DISCONNECTED_MESSAGE, uploadFiles } from '../api/wsClient'
import { CompareState } from './compare.svelte'
import { DataState } from './data.svelte'
import { browserStorage, loadChoices, saveChoices, type ChoiceStorage } from './savedChoices'
import { LiveRuns } from './liveRuns.svelte'
import { StudyEditor } from './study.svelte'
import { TrainState } from './train.svelte'
import { RobustnessState } from './robustness.svelte'
import { TryItState } from './tryIt.svelte'
import { QueueState } from './queueStatus.svelte'
import type { CostContext } from '../lib/sweepPlan'

export type ViewName = 'data' | 'model' | 'train' | 'compare' | 'report'

export const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'data', label: 'Data' },
  { name: 'model', label: 'Model' },
  { name: 'train', label: 'Train' },
  { name: 'compare', label: 'Compare' },
  { name: 'report', label: 'Report' }
]

const RESYNC_FAILED = 'Reconnected, but could not refresh: '

export class AppState {
  view = $state<ViewName>('data')
  host = $state.raw<HostInfo | null>(null)
  datasets = $state.raw<DatasetInfo[]>([])
  datasetId = $state<string | null>(null)
  runs = $state.raw<RunListItem[]>([])
  /** Runs picked for comparison and report. */
  selectedRunIds = $state<string[]>([])
  /** A desktop menu command waiting for the view that carries it out (that view clears it). */
  menuCommand = $state<MenuCommand | null>(null)
  error = $state<string | null>(null)
  /** Why the app could not start (the host was unreachable): the page shows only this. */
  startError = $state<string | null>(null)
  /** False while a browser-mode connection is lost and being reopened. */
  connected = $state(true)
  readonly live = new LiveRuns()
  /** Data view: the importer and the explorer of each dataset. */
  readonly data: DataState
  /** Model view: the study being edited, which the Train view starts. */
  readonly study = new StudyEditor()
  /** Train view options and shown runs. */
  readonly train = new TrainState(this)
  /** Run details cached for the Compare and Report views. */
  readonly compare: CompareState
  /** Compare: robustness probes of the compared runs. */
  readonly robustness: RobustnessState
  /** Compare: the try-it drawing and its predictions. */
  readonly tryIt: TryItState
  /** Where runs train (the top bar's queue status) and the desktop app's queue setting. */
  readonly queue: QueueState

  dataset = $derived(this.datasets.find((d) => d.id === this.datasetId) ?? null)

  /** `desktop` is the preload's bridge in the desktop app, undefined in a browser. */
  constructor(
    readonly client: StudioClient,
    private readonly storage: ChoiceStorage | null = browserStorage(),
    readonly desktop?: DesktopBridge
  ) {
    this.data = new DataState(client, { bridge: desktop, upload: uploadFiles, onImported: (info) => this.useDataset(info) })
    this.compare = new CompareState(client)
    this.robustness = new RobustnessState(client)
    this.tryIt = new TryItState(client)
    this.queue = new QueueState(client, desktop)
  }

  /** What a sweep's time estimate needs: the Train view's repeats and data size, this host's cores and past speed. */
  get studyCost(): CostContext {
    const count = this.dataset?.summary.train.count
    const tests = this.dataset?.summary.test.count
    return {
      // While the Train view's repeats field is invalid, estimate one run per variant.
      repeats: this.train.repeats ?? 1,
      trainImages: count === undefined ? null : Math.min(count, this.train.trainLimit ?? count),
      testImages: tests === undefined ? null : Math.min(tests, this.train.testLimit ?? tests),
      cores: this.host?.cores ?? 1,
      lanes: this.host?.lanes ?? 1,
      queue: this.queue.status,
      backend: this.train.backend,
      records: this.runs.flatMap((r) => (r.damaged ? [] : [r.record])),
      epochs: this.train.epochs ?? null
    }
  }

  /** "Train as a study now" in the Model view: the Train view starts the edited study and shows its runs. */
  async trainStudyNow(): Promise<void> {
    this.view = 'train'
    await this.train.startStudy()
  }

  /** Loads what the views show first; a failure there is kept in startError, as nothing can be shown without it. */
  async start(): Promise<void> {
    try {
      await this.load()
    } catch (err) {
      this.startError = err instanceof Error ? err.message : String(err)
      throw err
    }
  }

  private async load(): Promise<void> {
    this.client.onEvent((event) => this.onEvent(event))
    this.client.onConnection?.((connected) => {
      this.connected = connected
      if (connected) void this.resync()
    })
    this.desktop?.onMenuCommand((command) => this.onMenu(command))
    const [host, datasets, presets] = await Promise.all([
      this.client.request('host.info', {}),
      this.client.request('datasets.list', {}),
      this.client.request('specs.presets', {})
    ])
    this.host = host
    this.datasets = datasets
    const saved = loadChoices(this.storage, host.workspace)
    this.datasetId = datasets.find((d) => d.id === saved.datasetId)?.id ?? datasets[0]?.id ?? null
    this.study.load(presets, saved.variants ?? structuredClone(presets.seed ?? []))
    this.keepChoices(host.workspace)
    this.sizeOutputsForDataset()
    await this.refreshRuns()
  }

  /** Saves the dataset choice and the edited study, each when it changes, for the next reload. */
  private keepChoices(workspace: string): void {
    $effect.root(() => {
      $effect(() => saveChoices(this.storage, workspace, { datasetId: this.datasetId ?? undefined }))
      $effect(() => saveChoices(this.storage, workspace, { variants: $state.snapshot(this.study.variants) }))
    })
  }

  /** The study's output layers follow the current dataset's K: one unit per class. */
  private sizeOutputsForDataset(): void {
    $effect.root(() => {
      $effect(() => {
        const classes = this.dataset?.summary.classNames.length
        if (classes !== undefined) untrack(() => this.study.setClasses(classes))
      })
    })
  }

  async refreshRuns(): Promise<void> {
    this.runs = await this.client.request('runs.list', {})
    // The sidebar shows the default pick as soon as there is one, not only once Compare is opened.
    this.compare.selectDefaultOnce(this)
  }

  /**
   * Re-reads what events would have told while the connection was down: datasets other windows
   * imported, the run list, and the status and history of runs that were queued or running.
   */
  async resync(): Promise<void> {
    try {
      const [datasets] = await Promise.all([this.client.request('datasets.list', {}), this.refreshRuns()])
      for (const info of datasets) this.addDataset(info)
      const known = new Set(this.runs.map((i) => i.record.id))
      const open = [...this.live.byId].filter(([id, run]) => known.has(id) && isActiveStatus(run.status)).map(([id]) => id)
      const details = await Promise.all(open.map((runId) => this.client.request('runs.get', { runId })))
      for (const d of details) this.live.resync(d.record, d.history)
      if (this.error?.startsWith(RESYNC_FAILED)) this.error = null
      // Requests made during the outage said so; that is over now.
      if (this.error === DISCONNECTED_MESSAGE) this.error = null
      if (this.train.error === DISCONNECTED_MESSAGE) this.train.error = null
    } catch (err) {
      this.error = `${RESYNC_FAILED}${err instanceof Error ? err.message : String(err)}`
    }
  }

  /** Lists a dataset another window imported (or updates one renamed there); the current one stays current. */
  addDataset(info: DatasetInfo): void {
    if (this.datasets.some((d) => d.id === info.id)) {
      this.datasets = this.datasets.map((d) => (d.id === info.id ? info : d))
      return
    }
    this.datasets = [...this.datasets, info]
    this.datasetId ??= info.id
  }

  /** Saves the user's names for a dataset's classes with it; its runs and reports then use them. */
  async renameClasses(datasetId: string, classNames: string[]): Promise<void> {
    this.addDataset(await this.client.request('datasets.setClassNames', { datasetId, classNames }))
  }

  /** Adds or replaces a dataset in the list and makes it current. */
  useDataset(info: DatasetInfo): void {
    this.datasets = [info, ...this.datasets.filter((d) => d.id !== info.id)]
    this.datasetId = info.id
    this.data.importProgress = null
  }

  /**
   * A selected run that finished replaces the selected earlier tries of its variant (never a newer
   * one), in the place of the first of them, so the comparison's order and reference stay put.
   * Repeats of a variant in one study are not tries of it: they are compared together.
   */
  private replaceSameName(record: RunRecord): void {
    if (!this.selectedRunIds.includes(record.id)) return
    const repeat = (r: RunRecord): boolean => record.studyId !== undefined && r.studyId === record.studyId
    const older = this.runs.filter(
      (r) => r.record.name === record.name && r.record.id !== record.id && r.record.createdAt < record.createdAt && !repeat(r.record)
    )
    const sameName = new Set(older.map((r) => r.record.id))
    if (!this.selectedRunIds.some((id) => sameName.has(id))) return
    const selection: string[] = []
    for (const id of this.selectedRunIds) {
      if (id === record.id) continue
      if (!sameName.has(id)) selection.push(id)
      else if (!selection.includes(record.id)) selection.push(record.id)
    }
    this.selectedRunIds = selection
  }

  private unselect(runId: string): void {
    if (this.selectedRunIds.includes(runId)) this.selectedRunIds = this.selectedRunIds.filter((id) => id !== runId)
  }

  private onMenu(command: MenuCommand): void {
    this.view = command === 'openFiles' || command === 'useBundled' ? 'data' : 'report'
    this.menuCommand = command
  }

  private onEvent(event: StudioEvent): void {
    if (event.type === 'dataset.progress') {
      const text = event.total > 0 ? `${event.message} (${Math.floor((100 * event.done) / event.total)}%)` : event.message
      this.data.importProgress = { importId: event.importId, text }
      return
    }
    if (event.type === 'dataset.added') {
      this.addDataset(event.dataset)
      return
    }
    if (event.type === 'robustness.progress') {
      this.robustness.onProgress(event)
      return
    }
    this.live.apply(event)
    if (event.type === 'run.finished') this.replaceSameName(event.record)
    // A run that ended without results has nothing to compare.
    if (event.type === 'run.failed' || event.type === 'run.cancelled') this.unselect(event.runId)
    if (event.type !== 'run.progress' && event.type !== 'run.epoch') void this.refreshRuns()
  }
}
