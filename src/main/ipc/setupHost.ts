/** IPC for what the host is (version, transport, PDF support, workspace). */
import { bindRequests } from './bind'
import type { IpcContext } from './ipcTypes'

export function setupHost(ctx: IpcContext): void {
  bindRequests(ctx, ['host.info'])
}
