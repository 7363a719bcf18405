/**
 * Saving what the user exports: in the desktop app text goes through the preload's save dialog;
 * in a browser (and for images everywhere) a Blob or data URL is handed to an a[download] link.
 */
import type { DesktopBridge } from '../api/client'

/**
 * Saves text; returns where it went ("Downloaded x" / "Saved to /path"), or null when the user cancelled.
 * `bridge` is the desktop app's (AppState.desktop), undefined in a browser.
 */
export async function saveText(fileName: string, mimeType: string, content: string, bridge?: Pick<DesktopBridge, 'saveFile'>): Promise<string | null> {
  if (typeof bridge?.saveFile === 'function') {
    const path = await bridge.saveFile(fileName, content)
    return path === null ? null : `Saved to ${path}`
  }
  saveBlob(fileName, new Blob([content], { type: mimeType }))
  return `Downloaded ${fileName}`
}

/** Downloads a Blob under this name (browser mode). */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  try {
    clickDownload(fileName, url)
  } finally {
    // The click has started the download synchronously; the URL is no longer needed after this tick.
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
}

/** Saves a data: URL (a chart's PNG) under this name. */
export function saveDataUrl(fileName: string, dataUrl: string): void {
  clickDownload(fileName, dataUrl)
}

function clickDownload(fileName: string, href: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
}

/** A file name from a title: "Validation loss" -> "validation-loss". */
export function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  )
}
