/** Builds a comparison report of stored runs: HTML (self-contained), JSON (summary), or CSV (per-epoch or final metrics). */
import type { DatasetInfo, ExportedReport, ExportFormat } from '../../../shared/api'
import { UserError } from '../../../shared/errors'
import type { Dataset } from '../datasets/types'
import { renderHtmlReport } from '../reports/htmlReport'
import { toMetricsCsv } from '../reports/metricsCsv'
import { toFinalMetricsCsv } from '../reports/finalMetricsCsv'
import { reportSamplePixels } from '../reports/samplePixels'
import { COMPARED_RUNS, groupByDataset, modelResultsOfRuns, type StudySummary } from '../../../shared/studySummary'
import type { RunStore } from '../runs/runStore'
import { analyseSummary } from '../../../shared/studyAnalysis'
import { withClassNames } from './runClassNames'

/** `datasets`: the workspace's datasets, whose current class names the runs are reported with. */
export async function buildSummary(store: RunStore, runIds: string[], datasets: readonly DatasetInfo[]): Promise<StudySummary> {
  // A run asked for twice is reported once.
  const stored = await Promise.all([...new Set(runIds)].map((id) => store.get(id)))
  const runs = stored.map((run) => ({ ...run, record: withClassNames(run.record, datasets) }))
  const unfinished = runs.find((run) => run.record.status !== 'finished' || !run.evaluation)
  if (unfinished) {
    const { name, id, status } = unfinished.record
    throw new UserError('not_exportable', `run "${name}" (${id}) is ${status}: only finished runs can be compared`)
  }
  const models = modelResultsOfRuns(runs)
  const [, ...others] = groupByDataset(runs.map((run, i) => ({ name: models[i].name, dataset: run.record.dataset })))
  const first = runs[0].record
  return analyseSummary({
    // When the compared runs were made (the earliest), not when the report is written.
    createdAt: runs.map((r) => r.record.createdAt).sort()[0],
    preset: COMPARED_RUNS,
    seed: first.spec.seed,
    dataset: { ...first.dataset },
    ...(others.length > 0 ? { otherDatasets: others.map((o) => ({ ...o.dataset, models: o.models })) } : {}),
    backend: { name: first.backend?.name ?? 'unknown', reason: first.backend?.reason ?? '' },
    models
  })
}

/** Loads a prepared dataset by fingerprint (the registry's cached loader). */
export type DatasetLoader = (fingerprint: string) => Promise<Dataset>

export async function exportReport(
  store: RunStore,
  datasets: readonly DatasetInfo[],
  loadDataset: DatasetLoader,
  runIds: string[],
  format: ExportFormat
): Promise<ExportedReport> {
  const summary = await buildSummary(store, runIds, datasets)
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
  switch (format) {
    case 'html':
      return {
        fileName: `regstudio-report-${stamp}.html`,
        mimeType: 'text/html',
        content: renderHtmlReport(summary, { samplesPixels: await samplesOf(loadDataset, summary.dataset.fingerprint) })
      }
    case 'json':
      return { fileName: `regstudio-summary-${stamp}.json`, mimeType: 'application/json', content: JSON.stringify(summary, null, 2) }
    case 'csv':
      return { fileName: `regstudio-metrics-${stamp}.csv`, mimeType: 'text/csv', content: toMetricsCsv(summary) }
    case 'final-csv':
      return { fileName: `regstudio-final-metrics-${stamp}.csv`, mimeType: 'text/csv', content: toFinalMetricsCsv(summary) }
  }
}

/** The report's sample images, or none when the runs' dataset is no longer in the workspace. */
export async function samplesOf(loadDataset: DatasetLoader, fingerprint: string): Promise<number[][] | undefined> {
  try {
    return reportSamplePixels(await loadDataset(fingerprint))
  } catch {
    return undefined
  }
}
