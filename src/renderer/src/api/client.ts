/** Picks the transport: the Electron preload bridge when present, else the WebSocket of `regstudio serve`. */
import type { StudioClient } from '../../../shared/api'
import { PRELOAD_KEY, type PreloadApi } from '../../../shared/preloadApi'
import { createIpcClient } from './ipcClient'
import { createWsClient } from './wsClient'

/** The desktop app's own features of the bridge (dialogs, dropped-file paths, PDF, menu); absent in a browser. */
export type DesktopBridge = Omit<PreloadApi, 'request' | 'onEvent'>

/** The one place the page looks for the preload's bridge; main.ts hands it on to whatever needs it. */
export function preloadApi(): PreloadApi | undefined {
  if (typeof window === 'undefined') return undefined
  return (window as unknown as Record<string, PreloadApi | undefined>)[PRELOAD_KEY]
}

export function createClient(bridge: PreloadApi | undefined): StudioClient {
  return bridge ? createIpcClient(bridge) : createWsClient(window.location)
}
