/** IPC for trained models: export (and saving it where the user says), try-it predictions, robustness probes. */
import * as z from 'zod/mini'
import { MODEL_EXPORT_FORMATS } from '../../shared/api'
import { UserError } from '../../shared/errors'
import { PRELOAD_CHANNELS } from '../../shared/preloadApi'
import { schema } from '../../shared/schema'
import { writeFileAtomic } from '../core/util/atomicWrite'
import { bindChannel, bindRequests, checkArgument } from './bind'
import type { IpcContext } from './ipcTypes'
import type { ReportsDeps } from './setupReports'

const RUN_ID = schema(z.string().check(z.minLength(1), z.maxLength(200)))
const FORMAT = schema(z.enum(MODEL_EXPORT_FORMATS))

export function setupModels(ctx: IpcContext, deps: Pick<ReportsDeps, 'chooseSavePath'>): void {
  bindRequests(ctx, ['runs.exportModel', 'runs.predict', 'runs.robustness', 'runs.cancelRobustness'])

  bindChannel(ctx, PRELOAD_CHANNELS.exportModel, async (runId, format) => {
    const id = checkArgument(PRELOAD_CHANNELS.exportModel, RUN_ID, runId, 'runId')
    const fmt = checkArgument(PRELOAD_CHANNELS.exportModel, FORMAT, format, 'format')
    // Built (and so checked) before asking where to save: a run that cannot be exported fails at once.
    const exported = await ctx.studio.handle('runs.exportModel', { runId: id, format: fmt })
    if (!exported.ok) throw new UserError(exported.error.code, exported.error.message, exported.error.details)
    const { fileName, content } = exported.result as { fileName: string; content: string }
    const path = await deps.chooseSavePath(fileName)
    if (path === null) return null
    await writeFileAtomic(path, Buffer.from(content, 'base64'))
    return path
  })
}
