import { beforeEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow, shell } from './electronMock'
import { createMainWindow } from '../../../../src/main/electron/window'

vi.mock('electron', () => import('./electronMock'))

describe('createMainWindow', () => {
  beforeEach(() => {
    shell.openExternal.mockClear()
  })

  it('creates the window with exactly the secure webPreferences', () => {
    createMainWindow('/app/out/preload/index.js')
    const win = BrowserWindow.instances.at(-1)!
    expect(win.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true
    })
    expect(win.options.show).toBe(false)
  })

  it('shows the window once it is ready to show', () => {
    const win = createMainWindow('/p.js') as unknown as BrowserWindow
    expect(win.show).not.toHaveBeenCalled()
    win.emit('ready-to-show')
    expect(win.show).toHaveBeenCalledOnce()
  })

  it('denies every navigation and opens web links in the browser', () => {
    const win = createMainWindow('/p.js') as unknown as BrowserWindow
    for (const url of ['https://github.com/zalandoresearch/fashion-mnist', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x']) {
      expect(win.webContents.fire('will-navigate', url).defaultPrevented, url).toBe(true)
    }
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://github.com/zalandoresearch/fashion-mnist', 'http://example.com/'])
  })

  it('denies every window.open and opens web links in the browser', () => {
    const win = createMainWindow('/p.js') as unknown as BrowserWindow
    const open = win.webContents.windowOpenHandler!
    expect(open({ url: 'https://www.tensorflow.org/js' })).toEqual({ action: 'deny' })
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(open({ url: 'about:blank' })).toEqual({ action: 'deny' })
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://www.tensorflow.org/js'])
  })

  it('refuses webviews', () => {
    const win = createMainWindow('/p.js') as unknown as BrowserWindow
    expect(win.webContents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true)
  })
})
