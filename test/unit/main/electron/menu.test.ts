import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../../../../src/shared/preloadApi'
import { Menu } from './electronMock'
import { installMenu, menuTemplate } from '../../../../src/main/electron/menu'

vi.mock('electron', () => import('./electronMock'))

function fileMenu(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[]
}

function click(item: MenuItemConstructorOptions): void {
  ;(item.click as () => void)()
}

describe('application menu', () => {
  it('File sends the studio commands to the renderer', () => {
    const sent: MenuCommand[] = []
    const items = fileMenu(menuTemplate(false, (c) => sent.push(c))).filter((i) => i.label)
    expect(items.map((i) => i.label)).toEqual([
      'Open Dataset Files…',
      'Use Bundled Fashion-MNIST',
      'Export Report (HTML)…',
      'Export Report (PDF)…'
    ])
    items.forEach(click)
    expect(sent).toEqual(['openFiles', 'useBundled', 'exportHtml', 'exportPdf'])
  })

  it('has Quit in File and the standard Edit, View and Window menus', () => {
    const template = menuTemplate(false, () => {})
    expect(fileMenu(template).at(-1)).toEqual({ role: 'quit' })
    expect(template.slice(1).map((m) => m.role)).toEqual(['editMenu', 'viewMenu', 'windowMenu'])
  })

  it('on macOS starts with the app menu (which quits) and File closes the window', () => {
    const template = menuTemplate(true, () => {})
    expect(template[0]).toEqual({ role: 'appMenu' })
    expect(template[1].label).toBe('File')
    expect(fileMenu(template).at(-1)).toEqual({ role: 'close' })
  })

  it('installs the menu as the application menu', () => {
    const send = vi.fn()
    installMenu(send)
    const built = Menu.buildFromTemplate.mock.results[0].value
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(built)
    click(fileMenu(built.template as MenuItemConstructorOptions[])[0])
    expect(send).toHaveBeenCalledWith('openFiles')
  })
})
