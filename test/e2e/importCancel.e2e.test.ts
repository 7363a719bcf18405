/**
 * Cancelling a long import from the page: the first conversion of the bundled Fashion-MNIST (a few
 * seconds, with progress per class file) stopped with the Cancel button leaves no dataset; importing
 * again then works. (That no cache is written is checked in bundled.test.ts, without timing.)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectPageErrors, CHROMIUM_MISSING, findChromium, launchChromium } from './support/browser'
import { ensureRendererBuilt } from './support/renderer'
import { startServeProcess, type ServeProcess } from './support/serveProcess'

const executablePath = findChromium()

describe('cancelling an import in the browser UI', () => {
  let dir: string
  let serve: ServeProcess
  let browser: Browser | undefined

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-e2e-cancel-'))
    // A cache of its own, so the bundled data is converted (slowly) rather than read.
    serve = await startServeProcess(['--port', '0', '--workspace', join(dir, 'ws'), '--cache', join(dir, 'cache')])
    if (executablePath) browser = await launchChromium(executablePath)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await serve?.stop('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it('stops the bundled conversion, keeps no dataset, then imports it on the next try', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(serve.url)
    await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).click()
    const progress = page.getByRole('status').filter({ hasText: 'Importing Fashion-MNIST (bundled)' })
    await progress.getByText(/Converted class/).waitFor({ timeout: 30_000 })
    await progress.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('status').filter({ hasText: 'Import cancelled.' }).waitFor()
    expect(await page.getByRole('heading', { name: 'No dataset yet' }).isVisible()).toBe(true)
    expect(await page.getByRole('alert').count()).toBe(0)

    await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).click()
    await page.getByTestId('train-count').getByText('60,000').waitFor({ timeout: 120_000 })
    expect(errors).toEqual([])
  }, 180_000)
})
