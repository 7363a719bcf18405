/** A stand-in for Electron's ipcMain (channel → handler) and the invoke events our window would send. */
import type { IpcInvokeEvent, IpcMainLike } from '../../../../src/main/ipc/ipcTypes'

type Handler = (event: IpcInvokeEvent, ...args: unknown[]) => unknown

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>()

  handle(channel: string, listener: Handler): void {
    // Electron throws on a second handler for one channel; so does this fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }

  async invoke(channel: string, event: IpcInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, ...args)
  }
}

export const RENDERER_URL = 'file:///app/out/renderer/index.html'

/** The webContents of "our window" in these tests. */
export const ourContents = { id: 1 }

export function eventFrom(sender: unknown, url: string = RENDERER_URL): IpcInvokeEvent {
  return { sender, senderFrame: { url } }
}

export const trusted = eventFrom(ourContents)
