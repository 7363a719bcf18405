/**
 * Prints a self-contained HTML report to PDF in a hidden, sandboxed window with no preload. JavaScript
 * stays on so Chart.js draws the charts; the report's own CSP blocks any network access.
 */
import { BrowserWindow } from 'electron'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lockNavigation } from './window'

/** In memory and apart from the studio's session, whose CSP would block the report's inline scripts. */
const PDF_PARTITION = 'regstudio-pdf'

export function pdfWindowOptions() {
  return {
    show: false,
    // About A4 at 96 dpi, so the charts are laid out at the width they are printed.
    width: 800,
    height: 1400,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: true,
      partition: PDF_PARTITION
    }
  }
}

export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  // A file, not a data: URL: reports with sample images and long histories can exceed URL limits.
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-pdf-'))
  const win = new BrowserWindow(pdfWindowOptions())
  try {
    lockNavigation(win.webContents)
    const file = join(dir, 'report.html')
    await writeFile(file, html)
    await win.loadFile(file)
    return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' })
  } finally {
    win.destroy()
    await rm(dir, { recursive: true, force: true })
  }
}
