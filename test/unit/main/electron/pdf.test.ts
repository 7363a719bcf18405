import { existsSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow } from './electronMock'
import { pdfWindowOptions, printHtmlToPdf } from '../../../../src/main/electron/pdf'

vi.mock('electron', () => import('./electronMock'))

const HTML = '<!doctype html><title>report</title><script>document.title = "drawn"</script>'

describe('printHtmlToPdf', () => {
  afterEach(() => {
    BrowserWindow.onCreate = undefined
  })

  it('uses a hidden sandboxed window with JavaScript, no preload and its own session', () => {
    const options = pdfWindowOptions()
    expect(options.show).toBe(false)
    expect(options.webPreferences).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: true,
      partition: 'regstudio-pdf'
    })
    expect(options.webPreferences).not.toHaveProperty('preload')
  })

  it('loads the HTML from a temporary file, prints it, then closes the window and removes the file', async () => {
    let loadedFile = ''
    let loadedHtml = ''
    BrowserWindow.onCreate = (w) =>
      w.loadFile.mockImplementation(async (file: string) => {
        loadedFile = file
        loadedHtml = readFileSync(file, 'utf8')
      })
    const pdf = await printHtmlToPdf(HTML)
    const win = BrowserWindow.instances.at(-1)!
    expect(loadedHtml).toBe(HTML)
    expect(win.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, pageSize: 'A4' })
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 fake')
    expect(win.destroy).toHaveBeenCalledOnce()
    expect(existsSync(dirname(loadedFile))).toBe(false)
    // The report cannot navigate away or open windows while it is printed.
    expect(win.webContents.fire('will-navigate', 'https://example.com/').defaultPrevented).toBe(true)
    expect(win.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
  })

  it('closes the window and removes the file when printing fails', async () => {
    let loadedFile = ''
    BrowserWindow.onCreate = (w) => {
      w.loadFile.mockImplementation(async (file: string) => void (loadedFile = file))
      w.webContents.printToPDF.mockRejectedValueOnce(new Error('printing failed'))
    }
    await expect(printHtmlToPdf(HTML)).rejects.toThrow('printing failed')
    const win = BrowserWindow.instances.at(-1)!
    expect(win.destroy).toHaveBeenCalledOnce()
    expect(loadedFile).not.toBe('')
    expect(existsSync(dirname(loadedFile))).toBe(false)
  })
})
