/** The studio window: sandboxed renderer, no navigation away, no new windows; web links open in the browser. */
import { BrowserWindow, shell, type WebContents } from 'electron'

export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true
  }
}

function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/** Keeps the contents on our page: every navigation and window.open is denied; http(s) links go to the browser. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault()
    if (isWebLink(url)) void shell.openExternal(url)
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Regularization Studio',
    webPreferences: secureWebPreferences(preload)
  })
  lockNavigation(win.webContents)
  win.once('ready-to-show', () => win.show())
  return win
}
