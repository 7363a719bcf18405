/** IPC for datasets: import (only files the user chose), bundled Fashion-MNIST, summaries, samples, statistics, class names. */
import { bindRequests } from './bind'
import type { IpcContext } from './ipcTypes'

export function setupDatasets(ctx: IpcContext): void {
  bindRequests(ctx, [
    'datasets.list',
    'datasets.importFiles',
    'datasets.importUploads',
    'datasets.useBundled',
    'datasets.cancelImport',
    'datasets.summary',
    'datasets.samples',
    'datasets.statistics',
    'datasets.setClassNames'
  ])
}
