/**
 * IPC for choosing dataset files: the open dialog and dropped files. The paths chosen here are the
 * only ones datasets.importFiles may read.
 */
import { isAbsolute } from 'node:path'
import { ERROR_CODES } from '../../shared/api'
import { UserError } from '../../shared/errors'
import { PRELOAD_CHANNELS } from '../../shared/preloadApi'
import * as z from 'zod/mini'
import { schema } from '../../shared/schema'
import { bindChannel, checkArgument } from './bind'
import type { IpcContext } from './ipcTypes'

export interface FilesDeps {
  allowlist: { allow(paths: string[]): void }
  /** Shows the open dialog; the chosen paths, none when cancelled. */
  chooseFiles(): Promise<string[]>
}

/** A drop of a few files; the preload takes the paths from webUtils.getPathForFile. */
const DROPPED_PATHS = schema(z.array(z.string().check(z.minLength(1), z.maxLength(4096))).check(z.minLength(1), z.maxLength(64)))

export function setupFiles(ctx: IpcContext, deps: FilesDeps): void {
  bindChannel(ctx, PRELOAD_CHANNELS.openDialog, async () => {
    const paths = await deps.chooseFiles()
    deps.allowlist.allow(paths)
    return paths
  })
  bindChannel(ctx, PRELOAD_CHANNELS.allowDropped, async (value) => {
    const paths = checkArgument(PRELOAD_CHANNELS.allowDropped, DROPPED_PATHS, value, 'paths')
    const relative = paths.find((p) => !isAbsolute(p))
    if (relative !== undefined) {
      throw new UserError(ERROR_CODES.invalidRequest, `${PRELOAD_CHANNELS.allowDropped}: not an absolute path: ${relative}`)
    }
    deps.allowlist.allow(paths)
    return paths
  })
}
