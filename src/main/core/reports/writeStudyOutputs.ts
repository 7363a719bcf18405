/** Writes a study's summary.json, metrics.csv and report.html into one folder, each file atomically. */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../../shared/errors'
import { renderHtmlReport } from './htmlReport'
import { toMetricsCsv } from './metricsCsv'
import type { StudySummary } from './studySummary'

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
    throw new UserError('OUTPUT_DIR_FAILED', `Cannot create the output folder ${outDir}: ${reason(err)}.`)
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
    await writeAtomic(files[key], text)
  }
  return files
}

/** Temp file in the same folder, fsync, rename: readers see the old file or the whole new one. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const handle = await open(temp, 'w')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    throw new UserError('OUTPUT_WRITE_FAILED', `Cannot write ${path}: ${reason(err)}.`)
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file with that name is in the way',
  EISDIR: 'a folder with that name is in the way'
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  return (e.code && REASONS[e.code]) ?? e.code ?? e.message
}
