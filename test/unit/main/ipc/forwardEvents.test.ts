import { describe, expect, it } from 'vitest'
import { IPC_EVENT_CHANNEL, type StudioEvent } from '../../../../src/shared/api'
import { forwardEvents } from '../../../../src/main/ipc/forwardEvents'

function fakeStudio() {
  const listeners = new Set<(e: StudioEvent) => void>()
  return {
    onEvent(l: (e: StudioEvent) => void) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    emit: (e: StudioEvent) => listeners.forEach((l) => l(e))
  }
}

describe('forwardEvents', () => {
  const event: StudioEvent = { type: 'run.cancelled', runId: 'r1' }

  it('sends studio events to the window on the event channel while it exists', () => {
    const studio = fakeStudio()
    const sent: [string, StudioEvent][] = []
    let destroyed = false
    forwardEvents(studio, { send: (c, e) => sent.push([c, e]), isDestroyed: () => destroyed })
    studio.emit(event)
    destroyed = true
    studio.emit({ type: 'run.queued', runId: 'r2', name: 'x' })
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, event]])
  })

  it('stops when unsubscribed', () => {
    const studio = fakeStudio()
    const sent: unknown[] = []
    const stop = forwardEvents(studio, { send: (_c, e) => sent.push(e), isDestroyed: () => false })
    stop()
    studio.emit(event)
    expect(sent).toEqual([])
  })
})
