/** IPC for training runs: start, study, cancel, list, details, test images, misclassified pages, delete, re-run. */
import { bindRequests } from './bind'
import type { IpcContext } from './ipcTypes'

export function setupRuns(ctx: IpcContext): void {
  bindRequests(ctx, ['runs.start', 'runs.startStudy', 'runs.cancel', 'runs.list', 'runs.get', 'runs.testImages', 'runs.misclassified', 'runs.delete', 'runs.rerun'])
}
