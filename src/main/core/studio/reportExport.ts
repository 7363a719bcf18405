/** Builds a comparison report of stored runs: HTML (self-contained), JSON (summary) or CSV (metrics). */
import type { ExportedReport } from '../../../shared/api'
import { PIXELS } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import { readDatasetFile } from '../datasets/cache'
import { renderHtmlReport } from '../reports/htmlReport'
import { toMetricsCsv } from '../reports/metricsCsv'
import { modelResultOfRun, type StudySummary } from '../../../shared/studySummary'
import type { RunStore } from '../runs/runStore'
import { preparedDatasetPath } from '../study/preparedDataset'

export async function buildSummary(store: RunStore, runIds: string[]): Promise<StudySummary> {
  const runs = await Promise.all(runIds.map((id) => store.get(id)))
  const models = runs.map((run) => {
    const model = run.record.status === 'finished' ? modelResultOfRun(run) : null
    if (!model) {
      throw new UserError('not_exportable', `run "${run.record.name}" (${run.record.id}) is ${run.record.status}: only finished runs can be compared`)
    }
    return model
  })
  const first = runs[0].record
  return {
    createdAt: new Date().toISOString(),
    preset: first.studyId ?? 'custom',
    seed: first.spec.seed,
    dataset: { ...first.dataset },
    backend: { name: first.backend?.name ?? 'unknown', reason: first.backend?.reason ?? '' },
    models
  }
}

/** The first test images of the runs' dataset, if its prepared file is still in the workspace. */
async function samplePixels(workspace: string, fingerprint: string): Promise<number[][] | undefined> {
  try {
    const dataset = await readDatasetFile(preparedDatasetPath(workspace, fingerprint))
    const n = Math.min(10, dataset.test.count)
    return Array.from({ length: n }, (_, i) => Array.from(dataset.test.images.subarray(i * PIXELS, (i + 1) * PIXELS)))
  } catch {
    return undefined
  }
}

export async function exportReport(
  store: RunStore,
  workspace: string,
  runIds: string[],
  format: 'html' | 'json' | 'csv'
): Promise<ExportedReport> {
  const summary = await buildSummary(store, runIds)
  const stamp = summary.createdAt.slice(0, 19).replace(/[:T]/g, '-')
  switch (format) {
    case 'html':
      return {
        fileName: `regstudio-report-${stamp}.html`,
        mimeType: 'text/html',
        content: renderHtmlReport(summary, { samplesPixels: await samplePixels(workspace, summary.dataset.fingerprint) })
      }
    case 'json':
      return { fileName: `regstudio-summary-${stamp}.json`, mimeType: 'application/json', content: JSON.stringify(summary, null, 2) }
    case 'csv':
      return { fileName: `regstudio-metrics-${stamp}.csv`, mimeType: 'text/csv', content: toMetricsCsv(summary) }
  }
}
