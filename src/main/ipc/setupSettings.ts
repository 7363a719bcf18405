/** IPC for the desktop app's settings dialog: the queue setting, read and saved in the settings file. */
import { PRELOAD_CHANNELS } from '../../shared/preloadApi'
import { queueSettingInput } from '../../shared/settings'
import { readSettings, saveQueueSetting, shownQueueSetting } from '../core/settings/queueSetting'
import { bindChannel, checkArgument } from './bind'
import type { IpcContext } from './ipcTypes'

export interface SettingsDeps {
  /** `<userData>/settings.json`. */
  settingsFile: string
}

export function setupSettings(ctx: IpcContext, deps: SettingsDeps): void {
  bindChannel(ctx, PRELOAD_CHANNELS.queueSetting, async () => shownQueueSetting(await readSettings(deps.settingsFile)))
  bindChannel(ctx, PRELOAD_CHANNELS.saveQueueSetting, async (value) =>
    saveQueueSetting(deps.settingsFile, checkArgument(PRELOAD_CHANNELS.saveQueueSetting, queueSettingInput, value, 'setting'))
  )
}
