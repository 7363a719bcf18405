/** IPC for model specs: presets and validation. */
import { bindRequests } from './bind'
import type { IpcContext } from './ipcTypes'

export function setupSpecs(ctx: IpcContext): void {
  bindRequests(ctx, ['specs.presets', 'specs.validate'])
}
