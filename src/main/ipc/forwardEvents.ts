/** Forwards Studio events to the window's renderer while it exists. */
import { IPC_EVENT_CHANNEL, type StudioEvent } from '../../shared/api'
import type { Studio } from '../core/studio/studio'

export interface EventSink {
  send(channel: string, event: StudioEvent): void
  isDestroyed(): boolean
}

/** Returns the unsubscribe function; call it when the window closes. */
export function forwardEvents(studio: Pick<Studio, 'onEvent'>, contents: EventSink): () => void {
  return studio.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event)
  })
}
