/**
 * Cancelling a long import from the page: the first conversion of the bundled Fashion-MNIST (a few
 * seconds, with progress per class file) stopped with the Cancel button leaves no dataset; importing
 * again then works. (That no cache is written is checked in bundled.test.ts, without timing.)
 */
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { serveWithBrowser } from './support/session'

describe('cancelling an import in the browser UI', () => {
  // A cache of its own, so the bundled data is converted (slowly) rather than read.
  const session = serveWithBrowser('cancel')

  it('stops the bundled conversion, keeps no dataset, then imports it on the next try', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
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
