/** Registers IPC handlers that check the sender first and always answer with a typed value. */
import { ERROR_CODES, type RequestName } from '../../shared/api'
import { UserError, type StudioErrorValue } from '../../shared/errors'
import type { ChannelResult } from '../../shared/preloadApi'
import { formatIssues, type Schema } from '../../shared/schema'
import type { IpcContext } from './ipcTypes'

function refusedSender(channel: string): { ok: false; error: StudioErrorValue } {
  return { ok: false, error: { code: ERROR_CODES.forbidden, message: `${channel}: refused a message that did not come from the studio window` } }
}

/** Each request travels on the channel named like it and goes to Studio, which validates it. */
export function bindRequests(ctx: IpcContext, names: readonly RequestName[]): void {
  for (const name of names) {
    ctx.ipcMain.handle(name, (event, input) => (ctx.isTrustedSender(event) ? ctx.studio.handle(name, input) : refusedSender(name)))
  }
}

/** A preload channel: `run` gets the raw arguments to validate; a thrown UserError becomes a typed error. */
export function bindChannel<T>(ctx: IpcContext, channel: string, run: (...args: unknown[]) => Promise<T>): void {
  ctx.ipcMain.handle(channel, async (event, ...args): Promise<ChannelResult<T>> => {
    if (!ctx.isTrustedSender(event)) return refusedSender(channel)
    try {
      return { ok: true, result: await run(...args) }
    } catch (err) {
      if (err instanceof UserError) return { ok: false, error: err.toValue() }
      return { ok: false, error: { code: ERROR_CODES.internal, message: `${channel}: ${err instanceof Error ? err.message : String(err)}` } }
    }
  })
}

/** Checks one argument of a preload channel; a bad one is a typed invalid_request error. */
export function checkArgument<T>(channel: string, schema: Schema<T>, value: unknown, name: string): T {
  const checked = schema.check(value, name)
  if (!checked.ok) {
    throw new UserError(ERROR_CODES.invalidRequest, `${channel}: ${formatIssues(checked.issues)}`, { issues: checked.issues })
  }
  return checked.value
}
