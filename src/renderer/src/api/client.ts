/** Picks the transport: the Electron preload bridge when present, else the WebSocket of `regstudio serve`. */
import type { StudioClient } from '../../../shared/api'
import { PRELOAD_KEY, type PreloadApi } from '../../../shared/preloadApi'
import { createIpcClient } from './ipcClient'
import { createWsClient } from './wsClient'

export function preloadApi(): PreloadApi | undefined {
  if (typeof window === 'undefined') return undefined
  return (window as unknown as Record<string, PreloadApi | undefined>)[PRELOAD_KEY]
}

export function createClient(): StudioClient {
  const bridge = preloadApi()
  return bridge ? createIpcClient(bridge) : createWsClient(window.location)
}
