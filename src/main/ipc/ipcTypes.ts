/**
 * The parts of Electron's IPC objects the setup functions use. Typed here, not imported, so the same
 * code runs under plain Node against a fake ipcMain (unit and wiring tests).
 */
import type { Studio } from '../core/studio/studio'

/** What the sender check reads from an IpcMainInvokeEvent. */
export interface IpcInvokeEvent {
  sender: unknown
  senderFrame: { url: string } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void
}

export interface IpcContext {
  ipcMain: IpcMainLike
  studio: Pick<Studio, 'handle'>
  /** True only for our window's webContents showing our renderer. */
  isTrustedSender(event: IpcInvokeEvent): boolean
}
