/**
 * The preload: exposes window.studio (PreloadApi) and nothing else. Requests go only on the channels
 * named like a known request; the page never gets ipcRenderer or a way to name a channel.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { ERROR_CODES, IPC_EVENT_CHANNEL, REQUESTS, type StudioEvent } from '../shared/api'
import type { QueueSetting } from '../shared/settings'
import { PRELOAD_CHANNELS, PRELOAD_KEY, type ChannelResult, type MenuCommand, type PreloadApi } from '../shared/preloadApi'

function isRequestName(name: unknown): name is keyof typeof REQUESTS {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUESTS, name)
}

/** Rejects with the host's one-line message, which is what crosses the context bridge. */
async function invokeChannel<T>(channel: string, ...args: unknown[]): Promise<T> {
  const answer = (await ipcRenderer.invoke(channel, ...args)) as ChannelResult<T>
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.result
}

/** Subscribes to a channel, handing the listener the payload only (never the IPC event, which holds ipcRenderer). */
function listen<T>(channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T): void => listener(payload)
  ipcRenderer.on(channel, wrapped)
  return () => {
    ipcRenderer.removeListener(channel, wrapped)
  }
}

const api: PreloadApi = {
  request: (name, input) => {
    if (!isRequestName(name)) {
      return Promise.resolve({ ok: false, error: { code: ERROR_CODES.unknownRequest, message: `unknown request "${String(name).slice(0, 100)}"` } })
    }
    return ipcRenderer.invoke(name, input)
  },
  onEvent: (listener) => listen<StudioEvent>(IPC_EVENT_CHANNEL, listener),
  allowDroppedFiles: async (files) => {
    // Files the page made itself (not dropped from disk) have no path.
    const paths = Array.from(files, (file) => webUtils.getPathForFile(file)).filter((p) => p !== '')
    return paths.length === 0 ? [] : invokeChannel<string[]>(PRELOAD_CHANNELS.allowDropped, paths)
  },
  openFilesDialog: () => invokeChannel<string[]>(PRELOAD_CHANNELS.openDialog),
  saveFile: (fileName, content) => invokeChannel<string | null>(PRELOAD_CHANNELS.saveFile, fileName, content),
  exportPdf: (runIds) => invokeChannel<string | null>(PRELOAD_CHANNELS.exportPdf, runIds),
  exportModel: (runId, format) => invokeChannel<string | null>(PRELOAD_CHANNELS.exportModel, runId, format),
  onMenuCommand: (listener) => listen<MenuCommand>(PRELOAD_CHANNELS.menu, listener),
  queueSetting: () => invokeChannel<QueueSetting>(PRELOAD_CHANNELS.queueSetting),
  saveQueueSetting: (setting) => invokeChannel<QueueSetting>(PRELOAD_CHANNELS.saveQueueSetting, setting)
}

contextBridge.exposeInMainWorld(PRELOAD_KEY, api)
