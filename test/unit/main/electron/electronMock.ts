/**
 * A stand-in for the `electron` module (its binary cannot start here). Tests install it with
 * vi.mock('electron', () => import('./electronMock')) and inspect the same objects.
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'
import { FakeIpcMain } from '../ipc/fakeIpcMain'

export class FakeWebContents extends EventEmitter {
  readonly sent: [string, unknown][] = []
  destroyed = false
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' }
  readonly printToPDF = vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7 fake'))

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload])
  }
  /** Messages with transferred ports (webContents.postMessage). */
  readonly posted: [string, unknown, unknown[]][] = []
  postMessage(channel: string, message: unknown, transfer: unknown[] = []): void {
    this.posted.push([channel, message, transfer])
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }
  /** Emits like Electron: listeners get an event whose preventDefault is recorded. */
  fire(name: string, ...args: unknown[]): { defaultPrevented: boolean } {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) }
    this.emit(name, event, ...args)
    return event
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = []
  /** Runs on each new window before the code under test uses it (to script its methods). */
  static onCreate: ((win: BrowserWindow) => void) | undefined
  readonly webContents = new FakeWebContents()
  readonly loadURL = vi.fn(async (_url: string) => {})
  readonly loadFile = vi.fn(async (_file: string) => {})
  readonly show = vi.fn()
  readonly focus = vi.fn()
  readonly restore = vi.fn()
  readonly isMinimized = vi.fn(() => false)
  readonly destroy = vi.fn(() => {
    this.webContents.destroyed = true
  })
  isDestroyed(): boolean {
    return this.webContents.destroyed
  }

  constructor(readonly options: Record<string, unknown>) {
    super()
    BrowserWindow.instances.push(this)
    BrowserWindow.onCreate?.(this)
  }

  /** What closing the window does: contents destroyed, then 'closed'. */
  close(): void {
    this.webContents.destroyed = true
    this.emit('closed')
  }
}

export const shell = { openExternal: vi.fn(async (_url: string) => {}) }

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn()
}

export const ipcMain = new FakeIpcMain()

class FakeApp extends EventEmitter {
  isPackaged = false
  userData = ''
  private ready: () => void = () => {}
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve))
  readonly quit = vi.fn()
  readonly exit = vi.fn()
  readonly requestSingleInstanceLock = vi.fn(() => true)
  whenReady(): Promise<void> {
    return this.readyPromise
  }
  /** What Electron does once it has initialised. */
  becomeReady(): void {
    this.ready()
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`)
    return this.userData
  }
  getVersion(): string {
    return '9.9.9'
  }
}

export const app = new FakeApp()

function fakeSession() {
  return { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn() }
}

const partitions = new Map<string, ReturnType<typeof fakeSession>>()

export const session = {
  defaultSession: fakeSession(),
  fromPartition: vi.fn((name: string) => {
    if (!partitions.has(name)) partitions.set(name, fakeSession())
    return partitions.get(name)!
  })
}

/** Electron's MessagePortMain: 'message' events carry { data }; what is posted is recorded. */
export class FakeMessagePortMain extends EventEmitter {
  readonly posted: unknown[] = []
  readonly start = vi.fn()
  postMessage(message: unknown): void {
    this.posted.push(message)
  }
}

export class MessageChannelMain {
  static readonly instances: MessageChannelMain[] = []
  readonly port1 = new FakeMessagePortMain()
  readonly port2 = new FakeMessagePortMain()
  constructor() {
    MessageChannelMain.instances.push(this)
  }
}

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
  showErrorBox: vi.fn()
}

export const utilityProcess = { fork: vi.fn() }
