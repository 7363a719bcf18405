/** Binds the whole Studio API and the preload's channels to IPC. */
import type { IpcContext } from './ipcTypes'
import { setupDatasets } from './setupDatasets'
import { setupFiles, type FilesDeps } from './setupFiles'
import { setupHost } from './setupHost'
import { setupModels } from './setupModels'
import { setupReports, type ReportsDeps } from './setupReports'
import { setupRuns } from './setupRuns'
import { setupSettings, type SettingsDeps } from './setupSettings'
import { setupSpecs } from './setupSpecs'

export function setupIpc(ctx: IpcContext, deps: FilesDeps & ReportsDeps & SettingsDeps): void {
  setupHost(ctx)
  setupDatasets(ctx)
  setupSpecs(ctx)
  setupRuns(ctx)
  setupReports(ctx, deps)
  setupModels(ctx, deps)
  setupFiles(ctx, deps)
  setupSettings(ctx, deps)
}
