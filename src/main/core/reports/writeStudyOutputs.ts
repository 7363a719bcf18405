/** Writes a study's summary.json, metrics.csv, results.csv and report.html into one folder, each file atomically. */
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFailed, writeFileAtomic } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'
import { renderHtmlReport } from './htmlReport'
import { toMetricsCsv } from './metricsCsv'
import { toFinalMetricsCsv } from './finalMetricsCsv'
import type { RobustnessRow } from '../../../shared/robustness'
import { toResultsCsv } from './resultsCsv'
import type { StudySummary } from '../../../shared/studySummary'

export interface StudyOutputFiles {
  summaryJson: string
  metricsCsv: string
  finalMetricsCsv: string
  resultsCsv: string
  reportHtml: string
}

/**
 * Creates the output folder and checks it is writable, or throws one line naming it: callers run it
 * before a long study too, so a bad --out is refused before the training, not after it.
 */
export async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await ensureDir(outDir)
    await access(outDir, constants.W_OK)
  } catch (err) {
    throw writeFailed(outDir, err)
  }
}

export async function writeStudyOutputs(
  outDir: string,
  summary: StudySummary,
  opts: { samplesPixels?: number[][]; robustness?: RobustnessRow[] } = {}
): Promise<StudyOutputFiles> {
  await prepareOutDir(outDir)
  const json = opts.robustness ? { ...summary, robustness: opts.robustness } : summary
  // Render everything before writing, so a rendering error leaves no partial set of files.
  const contents: [keyof StudyOutputFiles, string, string][] = [
    ['summaryJson', 'summary.json', JSON.stringify(json, null, 2) + '\n'],
    ['metricsCsv', 'metrics.csv', toMetricsCsv(summary)],
    ['finalMetricsCsv', 'final-metrics.csv', toFinalMetricsCsv(summary)],
    ['resultsCsv', 'results.csv', toResultsCsv(summary)],
    ['reportHtml', 'report.html', renderHtmlReport(summary, { samplesPixels: opts.samplesPixels, robustness: opts.robustness })]
  ]
  const files = {} as StudyOutputFiles
  for (const [key, name, text] of contents) {
    files[key] = join(outDir, name)
    await writeFileAtomic(files[key], text)
  }
  return files
}
