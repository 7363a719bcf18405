/**
 * The datasets a workspace knows: each imported dataset is kept as a prepared file plus its summary
 * in <workspace>/datasets, so the list survives restarts and trainer processes read the same bytes.
 */
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { DatasetInfo, DatasetStatistics } from '../../../shared/api'
import { classNamesProblem, FASHION_MNIST_CLASS_NAMES, numberedClassNames } from '../../../shared/classNames'
import { UserError } from '../../../shared/errors'
import { datasetInfoSchema } from '../../../shared/events'
import { schema } from '../../../shared/schema'
import { readDatasetFile } from '../datasets/cache'
import { fingerprintDataset } from '../datasets/fingerprint'
import { summarizeDataset } from '../datasets/summary'
import type { Dataset } from '../datasets/types'
import { writeJsonAtomic } from '../util/atomicWrite'
import { prepareDatasetFile, preparedDatasetPath } from '../datasets/preparedDataset'
import { computeStatistics } from './datasetStatistics'
import { KNOWN_DATASETS } from '../datasets/official'

const checkInfo = schema(datasetInfoSchema)

/** Datasets kept decoded in memory at once (about 55 MB each at full size). */
const MEMORY_SLOTS = 2

export class DatasetRegistry {
  private readonly dir: string
  private readonly infos = new Map<string, DatasetInfo>()
  private readonly loaded = new Map<string, Dataset>()
  private readonly statistics = new Map<string, DatasetStatistics>()

  constructor(private readonly workspace: string) {
    this.dir = join(workspace, 'datasets')
  }

  /** Reads the summaries saved by earlier sessions; an unreadable one is skipped, never fatal. */
  async init(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        const checked = checkInfo.check(withLegacyClassNames(JSON.parse(await readFile(join(this.dir, name), 'utf8'))))
        if (checked.ok) this.infos.set(checked.value.id, checked.value)
      } catch {
        // A damaged summary only hides that dataset; re-importing the files brings it back.
      }
    }
  }

  list(): DatasetInfo[] {
    return [...this.infos.values()].sort((a, b) => b.importedAt.localeCompare(a.importedAt))
  }

  /** Registers a dataset just loaded, writing its prepared file and summary once per content. */
  async add(dataset: Dataset): Promise<DatasetInfo> {
    const fingerprint = fingerprintDataset(dataset)
    const id = fingerprint.slice(0, 16)
    await prepareDatasetFile(this.workspace, dataset, fingerprint)
    const info: DatasetInfo = { id, summary: summarizeDataset(dataset), importedAt: new Date().toISOString() }
    await writeJsonAtomic(join(this.dir, `${fingerprint}.json`), info)
    this.infos.set(id, info)
    this.remember(id, dataset)
    return info
  }

  /** Renames the dataset's classes (one name per class), saved with its summary; its next runs use them. */
  async setClassNames(id: string, names: readonly string[]): Promise<DatasetInfo> {
    const current = this.info(id)
    const classNames = names.map((n) => n.trim())
    const problem = classNamesProblem(classNames, current.summary.classNames.length)
    if (problem !== null) throw new UserError('invalid_request', `class names of dataset ${id}: ${problem}`)
    const info: DatasetInfo = { ...current, summary: { ...current.summary, classNames } }
    await writeJsonAtomic(join(this.dir, `${info.summary.fingerprint}.json`), info)
    this.infos.set(id, info)
    const loaded = this.loaded.get(id)
    if (loaded) this.loaded.set(id, { ...loaded, classNames: [...classNames] })
    return info
  }

  info(id: string): DatasetInfo {
    const info = this.infos.get(id)
    if (!info) throw new UserError('not_found', `no dataset "${id}" in this workspace; import it first`)
    return info
  }

  fileOf(id: string): string {
    return preparedDatasetPath(this.workspace, this.info(id).summary.fingerprint)
  }

  async get(id: string): Promise<Dataset> {
    const cached = this.loaded.get(id)
    if (cached) return cached
    // The prepared file keeps the names it was imported with; the summary holds the current ones.
    const dataset = { ...(await readDatasetFile(this.fileOf(id))), classNames: [...this.info(id).summary.classNames] }
    this.remember(id, dataset)
    return dataset
  }

  /** A prepared dataset by content, e.g. the subset a quick run trained on (not listed as a dataset). */
  async byFingerprint(fingerprint: string): Promise<Dataset> {
    const listed = [...this.infos.values()].find((info) => info.summary.fingerprint === fingerprint)
    if (listed) return this.get(listed.id)
    const key = `fp:${fingerprint}`
    const cached = this.loaded.get(key)
    if (cached) return cached
    const dataset = await readDatasetFile(preparedDatasetPath(this.workspace, fingerprint)).catch((err: unknown) => {
      throw new UserError('not_found', `the dataset ${fingerprint.slice(0, 12)} is no longer in the workspace (${err instanceof Error ? err.message : String(err)})`)
    })
    this.remember(key, dataset)
    return dataset
  }

  async statisticsOf(id: string): Promise<DatasetStatistics> {
    const cached = this.statistics.get(id)
    if (cached) return cached
    const stats = computeStatistics(await this.get(id))
    this.statistics.set(id, stats)
    return stats
  }

  private remember(id: string, dataset: Dataset): void {
    this.loaded.delete(id)
    this.loaded.set(id, dataset)
    while (this.loaded.size > MEMORY_SLOTS) this.loaded.delete(this.loaded.keys().next().value as string)
  }
}

/**
 * A summary saved before datasets carried class names gets them as that version knew them: the
 * bundled set and the official Fashion-MNIST files (their MD5 was checked: no mismatch warning) are
 * Fashion-MNIST; anything else is numbered.
 */
function withLegacyClassNames(value: unknown): unknown {
  const summary = (value as { summary?: Record<string, unknown> } | null)?.summary
  if (typeof summary !== 'object' || summary === null || summary.classNames !== undefined) return value
  const source = summary.source as { kind?: unknown; files?: unknown } | undefined
  const files = Array.isArray(source?.files) ? source.files.filter((f): f is string => typeof f === 'string').map((f) => basename(f)) : []
  const warnings = Array.isArray(summary.warnings) ? summary.warnings : []
  const fashion = KNOWN_DATASETS[0]
  const official = Object.keys(fashion.md5).every((name) => files.includes(name)) && !warnings.some((w) => String(w).includes('differs from the published'))
  const perClass = (summary.train as { perClass?: unknown[] } | undefined)?.perClass
  const classNames = source?.kind === 'bundled' || official ? [...FASHION_MNIST_CLASS_NAMES] : numberedClassNames(perClass?.length ?? 0)
  return { ...(value as object), summary: { ...summary, classNames } }
}
