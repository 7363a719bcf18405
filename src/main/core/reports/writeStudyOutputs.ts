/** Writes a study's summary.json, metrics.csv and report.html into one folder, each file atomically. */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFailed, writeFileAtomic } from '../util/atomicWrite'
import { renderHtmlReport } from './htmlReport'
import { toMetricsCsv } from './metricsCsv'
import type { StudySummary } from '../../../shared/studySummary'

export interface StudyOutputFiles {
  summaryJson: string
  metricsCsv: string
  reportHtml: string
}

export async function writeStudyOutputs(
  outDir: string,
  summary: StudySummary,
  opts: { samplesPixels?: number[][] } = {}
): Promise<StudyOutputFiles> {
  try {
    await mkdir(outDir, { recursive: true })
  } catch (err) {
    throw writeFailed(outDir, err)
  }
  // Render everything before writing, so a rendering error leaves no partial set of files.
  const contents: [keyof StudyOutputFiles, string, string][] = [
    ['summaryJson', 'summary.json', JSON.stringify(summary, null, 2) + '\n'],
    ['metricsCsv', 'metrics.csv', toMetricsCsv(summary)],
    ['reportHtml', 'report.html', renderHtmlReport(summary, { samplesPixels: opts.samplesPixels })]
  ]
  const files = {} as StudyOutputFiles
  for (const [key, name, text] of contents) {
    files[key] = join(outDir, name)
    await writeFileAtomic(files[key], text)
  }
  return files
}
