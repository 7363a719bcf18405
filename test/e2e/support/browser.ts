/**
 * A Chromium-family browser driven by playwright-core: Playwright's own when it was installed
 * (`npx playwright install chromium`), else an installed Chromium, Chrome or Edge.
 */
import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'chrome.exe', 'msedge.exe']
const INSTALLED = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe'
]

export const CHROMIUM_MISSING =
  'no Chromium, Chrome or Edge found: install one (Debian: apt-get install -y chromium; or npx playwright install chromium), ' +
  'or name it in REGSTUDIO_BROWSER, to run the browser tests'

/** Where to look, in order: $REGSTUDIO_BROWSER, Playwright's own Chromium, /usr/bin/chromium, PATH, installed Chrome/Edge. */
function browserCandidates(env: NodeJS.ProcessEnv): (string | undefined)[] {
  return [
    env.REGSTUDIO_BROWSER,
    chromium.executablePath(),
    '/usr/bin/chromium',
    ...(env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((name) => join(dir, name))),
    ...INSTALLED
  ]
}

/**
 * The first candidate that exists; undefined when none does, so the browser tests skip. Under CI a
 * missing browser fails the run instead: a green CI must have run them.
 */
export function chooseBrowser(candidates: readonly (string | undefined)[], ci: boolean): string | undefined {
  const found = candidates.find((path): path is string => !!path && existsSync(path))
  if (!found && ci) throw new Error(`${CHROMIUM_MISSING} (CI=true: the browser tests must run)`)
  return found
}

/** The browser for the browser tests (see chooseBrowser). */
export function findChromium(env = process.env): string | undefined {
  return chooseBrowser(browserCandidates(env), env.CI === 'true')
}

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
