/** The application menu. Studio commands go to the renderer, which runs them like its own buttons. */
import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../shared/preloadApi'

export function menuTemplate(isMac: boolean, send: (command: MenuCommand) => void): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Dataset Files…', accelerator: 'CmdOrCtrl+O', click: () => send('openFiles') },
      { label: 'Use Bundled Fashion-MNIST', click: () => send('useBundled') },
      { type: 'separator' },
      { label: 'Export Report (HTML)…', accelerator: 'CmdOrCtrl+E', click: () => send('exportHtml') },
      { label: 'Export Report (PDF)…', accelerator: 'CmdOrCtrl+Shift+E', click: () => send('exportPdf') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' }
    ]
  }
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' }
  ]
}

export function installMenu(send: (command: MenuCommand) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform === 'darwin', send)))
}
