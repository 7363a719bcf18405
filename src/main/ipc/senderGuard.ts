/** Decides whether an IPC message comes from our window showing our renderer, before anything runs. */
import type { IpcInvokeEvent } from './ipcTypes'

/**
 * Whether a frame shows the renderer: for a file URL the same document (any hash or query), for the
 * dev server the same origin.
 */
export function isRendererUrl(rendererUrl: string, frameUrl: string): boolean {
  let expected: URL
  let actual: URL
  try {
    expected = new URL(rendererUrl)
    actual = new URL(frameUrl)
  } catch {
    return false
  }
  if (expected.protocol === 'file:') return actual.protocol === 'file:' && actual.pathname === expected.pathname && actual.host === expected.host
  return actual.origin === expected.origin
}

/** `currentContents` returns our window's webContents (undefined while no window is open). */
export function createSenderGuard(currentContents: () => unknown, rendererUrl: string): (event: IpcInvokeEvent) => boolean {
  return (event) => {
    const contents = currentContents()
    if (contents === undefined || event.sender !== contents) return false
    return event.senderFrame !== null && isRendererUrl(rendererUrl, event.senderFrame.url)
  }
}
