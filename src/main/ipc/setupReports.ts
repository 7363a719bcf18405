/** IPC for reports: export (HTML/JSON/CSV text), saving text where the user says, and PDF. */
import { UserError } from '../../shared/errors'
import { PRELOAD_CHANNELS } from '../../shared/preloadApi'
import * as z from 'zod/mini'
import { schema } from '../../shared/schema'
import { writeFileAtomic } from '../core/util/atomicWrite'
import { bindChannel, bindRequests, checkArgument } from './bind'
import type { IpcContext } from './ipcTypes'

export interface ReportsDeps {
  /** Shows the save dialog proposing this file name; the chosen path, null when cancelled. */
  chooseSavePath(fileName: string): Promise<string | null>
  /** Prints a self-contained HTML page to PDF. */
  printToPdf(html: string): Promise<Uint8Array>
}

const FILE_NAME = schema(z.string().check(z.minLength(1), z.maxLength(255)))
/** Reports embed sample images and every epoch's metrics; far below this in practice. */
const CONTENT = schema(z.string().check(z.maxLength(256 * 1024 * 1024)))
const RUN_IDS = schema(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.minLength(1), z.maxLength(50)))

/** Only the last path segment: the page proposes a name, never a folder. */
function baseName(name: string): string {
  return name.split(/[\\/]/).pop() || 'report'
}

export function setupReports(ctx: IpcContext, deps: ReportsDeps): void {
  bindRequests(ctx, ['reports.export'])

  bindChannel(ctx, PRELOAD_CHANNELS.saveFile, async (fileName, content) => {
    const name = checkArgument(PRELOAD_CHANNELS.saveFile, FILE_NAME, fileName, 'fileName')
    const text = checkArgument(PRELOAD_CHANNELS.saveFile, CONTENT, content, 'content')
    const path = await deps.chooseSavePath(baseName(name))
    if (path === null) return null
    await writeFileAtomic(path, text)
    return path
  })

  bindChannel(ctx, PRELOAD_CHANNELS.exportPdf, async (runIds) => {
    const ids = checkArgument(PRELOAD_CHANNELS.exportPdf, RUN_IDS, runIds, 'runIds')
    // Built (and so checked) before asking where to save: a run that cannot be reported fails at once.
    const report = await ctx.studio.handle('reports.export', { runIds: ids, format: 'html' })
    if (!report.ok) throw new UserError(report.error.code, report.error.message, report.error.details)
    const { fileName, content } = report.result as { fileName: string; content: string }
    const path = await deps.chooseSavePath(fileName.replace(/\.html$/, '.pdf'))
    if (path === null) return null
    await writeFileAtomic(path, await deps.printToPdf(content))
    return path
  })
}
