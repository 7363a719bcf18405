/** IPC for what the host is (version, transport, PDF support, workspace) and where its runs train. */
import { bindRequests } from './bind'
import type { IpcContext } from './ipcTypes'

export function setupHost(ctx: IpcContext): void {
  bindRequests(ctx, ['host.info', 'host.queue'])
}
