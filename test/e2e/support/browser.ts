/** Debian's Chromium driven by playwright-core (Playwright's own browser download does not work here). */
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

/** /usr/bin/chromium, or `chromium` found on PATH; undefined when not installed. */
export function findChromium(): string | undefined {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)]
  return dirs.map((d) => join(d, 'chromium')).find((p) => existsSync(p))
}

export const CHROMIUM_MISSING = 'chromium not found: install it (apt-get install -y chromium) to run the browser tests'

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
}

/**
 * Collects uncaught errors, console errors, failed HTTP responses (by URL) and dialogs of a page;
 * read the array at the end of the test. The favicon Chromium asks for on its own is not the app's.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // Chromium logs failed loads without their URL; the response listener below names them.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') errors.push(`HTTP ${r.status()}: ${r.url()}`)
  })
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`))
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`)
    void d.dismiss()
  })
  return errors
}
