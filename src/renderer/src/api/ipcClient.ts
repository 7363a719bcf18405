/** The Studio API over the Electron preload bridge. */
import type { StudioClient } from '../../../shared/api'
import type { PreloadApi } from '../../../shared/preloadApi'
import { StudioRequestError } from './studioError'

export function createIpcClient(bridge: PreloadApi): StudioClient {
  return {
    async request(name, input) {
      const response = await bridge.request(name, input)
      if (!response.ok) throw new StudioRequestError(response.error)
      return response.result
    },
    onEvent: (listener) => bridge.onEvent(listener)
  }
}
