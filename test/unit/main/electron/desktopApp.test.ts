import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MenuItemConstructorOptions } from 'electron'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ERROR_CODES, IPC_EVENT_CHANNEL } from '../../../../src/shared/api'
import { PRELOAD_CHANNELS } from '../../../../src/shared/preloadApi'
import { rendererUrl, studioPaths } from '../../../../src/main/electron/desktopApp'
import { eventFrom } from '../ipc/fakeIpcMain'
import { tempDir, writeCsvDataset } from '../ipc/studioFixture'
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from './electronMock'
import { availableParallelism } from 'node:os'
import { defaultStudyConcurrency } from '../../../../src/main/core/studio/runQueue'

vi.mock('electron', () => import('./electronMock'))

const SRC_MAIN = join(__dirname, '../../../../src/main')
const RENDERER = pathToFileURL(join(SRC_MAIN, 'renderer/index.html')).href

function fakeEvent(): { defaultPrevented: boolean; preventDefault(): void } {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) }
  return event
}

describe('the desktop app (src/main/index.ts) with a mocked electron', () => {
  let dir: { dir: string; cleanup: () => Promise<void> }
  let win: BrowserWindow
  const platform = process.platform

  beforeAll(async () => {
    dir = await tempDir('regstudio-app-')
    app.userData = dir.dir
    Object.defineProperty(process, 'platform', { value: 'linux' })
    await import('../../../../src/main/index')
    app.becomeReady()
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1))
    win = BrowserWindow.instances[0]
  })

  afterAll(async () => {
    Object.defineProperty(process, 'platform', { value: platform })
    await dir.cleanup()
  })

  const fromWindow = () => eventFrom(win.webContents, RENDERER)

  it('opens the sandboxed window on the built renderer with the built preload', () => {
    expect(win.options.webPreferences).toMatchObject({ preload: join(SRC_MAIN, 'preload/index.js'), sandbox: true, contextIsolation: true })
    expect(win.loadURL).toHaveBeenCalledWith(RENDERER)
    expect(app.requestSingleInstanceLock).toHaveBeenCalled()
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled()
  })

  it('keeps the workspace and the cache in the user data folder', async () => {
    expect(studioPaths('/u')).toEqual({ workspace: join('/u', 'workspace'), cacheDir: join('/u', 'cache') })
    // Packaged: the bundled data's cache ships among the resources.
    expect(studioPaths('/u', '/opt/app/resources')).toMatchObject({ bundledDir: join('/opt/app/resources', 'bundled') })
    const info = await ipcMain.invoke('host.info', fromWindow(), {})
    expect(info).toEqual({
      ok: true,
      result: { version: '9.9.9', transport: 'ipc', pdf: true, nativeBackend: null, webgpu: true, workspace: join(dir.dir, 'workspace'), cores: availableParallelism(), lanes: defaultStudyConcurrency() }
    })
  })

  it('answers only its window', async () => {
    const answer = await ipcMain.invoke('host.info', eventFrom({}, RENDERER), {})
    expect(answer).toMatchObject({ ok: false, error: { code: ERROR_CODES.forbidden } })
  })

  it('imports files chosen in the dialog and forwards the import events to the window', async () => {
    const files = await writeCsvDataset(dir.dir)
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: files })
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.openDialog, fromWindow())).toEqual({ ok: true, result: files })
    expect(dialog.showOpenDialog.mock.calls[0][0]).toBe(win)
    const imported = await ipcMain.invoke('datasets.importFiles', fromWindow(), { paths: files })
    expect(imported).toMatchObject({ ok: true })
    const events = win.webContents.sent.filter(([channel]) => channel === IPC_EVENT_CHANNEL).map(([, e]) => e)
    expect(events).toContainEqual(expect.objectContaining({ type: 'dataset.progress' }))
  })

  it('sends menu commands to the window', () => {
    const template = Menu.buildFromTemplate.mock.calls[0][0] as MenuItemConstructorOptions[]
    const file = template.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[]
    ;(file.find((i) => i.label === 'Use Bundled Fashion-MNIST')!.click as () => void)()
    expect(win.webContents.sent.at(-1)).toEqual([PRELOAD_CHANNELS.menu, 'useBundled'])
  })

  it('after its window closes, trusts and feeds only the window opened next', async () => {
    const old = win
    old.close()
    app.emit('window-all-closed')
    expect(app.quit).toHaveBeenCalledTimes(1)
    expect(await ipcMain.invoke('host.info', eventFrom(old.webContents, RENDERER), {})).toMatchObject({ ok: false })

    app.emit('activate')
    expect(BrowserWindow.instances).toHaveLength(2)
    win = BrowserWindow.instances[1]
    const files = await writeCsvDataset(dir.dir)
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: files })
    await ipcMain.invoke(PRELOAD_CHANNELS.openDialog, fromWindow())
    const sentBefore = old.webContents.sent.length
    expect(await ipcMain.invoke('datasets.importFiles', fromWindow(), { paths: files })).toMatchObject({ ok: true })
    expect(old.webContents.sent).toHaveLength(sentBefore)
    expect(win.webContents.sent.some(([channel]) => channel === IPC_EVENT_CHANNEL)).toBe(true)
  })

  it('stops the studio before quitting', async () => {
    app.quit.mockClear()
    const first = fakeEvent()
    app.emit('before-quit', first)
    expect(first.defaultPrevented).toBe(true)
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce())
    const second = fakeEvent()
    app.emit('before-quit', second)
    expect(second.defaultPrevented).toBe(false)
  })
})

describe('rendererUrl', () => {
  afterAll(() => {
    delete process.env['ELECTRON_RENDERER_URL']
    app.isPackaged = false
  })

  it('is the dev server while developing, else the built page', () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    expect(rendererUrl()).toBe('http://localhost:5173')
    app.isPackaged = true
    expect(rendererUrl()).toBe(RENDERER)
  })
})
