/**
 * The whole studio flow in Chromium against `regstudio serve`: bundled data, a quick study of the
 * five seed variants, their curves and comparison, and the HTML report downloaded from the page.
 * Saves a screenshot of every view in test-artifacts/.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { REPO_ROOT } from './support/serveProcess'
import { serveWithBrowser } from './support/session'
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')
const VARIANTS = ['baseline', 'dropout', 'l2', 'l1', 'earlystopping']

describe('a quick study in the browser UI', () => {
  const session = serveWithBrowser('study')
  beforeAll(() => mkdir(ARTIFACTS, { recursive: true }))

  async function show(page: Page, view: string): Promise<void> {
    const button = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view })
    await button.click()
    await expect.poll(() => button.getAttribute('aria-current')).toBe('page')
  }

  it('trains the five variants, compares them and exports the report', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)

    await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).click()
    await page.getByTestId('train-count').getByText('60,000').waitFor({ timeout: 120_000 })
    await page.screenshot({ path: join(ARTIFACTS, 'ui-data.png') })

    await show(page, 'Model')
    await page.screenshot({ path: join(ARTIFACTS, 'ui-model.png') })
    // A variant the host would refuse keeps the study from starting, and says which one.
    const epochs = page.getByLabel('Epochs', { exact: true })
    await epochs.fill('0')
    await show(page, 'Train')
    await page.getByText('Fix baseline (1 problem) first').waitFor()
    expect(await page.getByRole('button', { name: /Run the study/ }).isDisabled()).toBe(true)
    await show(page, 'Model')
    await epochs.fill('10')

    await show(page, 'Train')
    await page.getByLabel('Quick try').check()
    // Smaller than the quick try, to keep the suite short: the flow, not the accuracy, is under test.
    await page.getByLabel('Training images', { exact: true }).fill('2000')
    await page.getByLabel('Test images', { exact: true }).fill('500')
    await page.getByLabel('Epochs', { exact: true }).fill('2')
    await page.getByRole('button', { name: /Run the study \(5 variants, 2 epochs\)/ }).click()
    const panels = page.locator('.run-panel')
    await expect.poll(() => panels.count()).toBe(5)
    await expect
      .poll(() => panels.locator('.run-panel-head .status.finished').count(), { timeout: 120_000, interval: 1000 })
      .toBe(5)
    for (const name of VARIANTS) {
      await expect(page.getByRole('img', { name: `${name}: loss and accuracy. Series: train loss, val loss, train accuracy, val accuracy` }).count()).resolves.toBe(1)
    }
    await page.screenshot({ path: join(ARTIFACTS, 'ui-train.png') })

    await show(page, 'Compare')
    const rows = page.locator('.compare-table tbody tr')
    await expect.poll(() => rows.count()).toBe(5)
    expect(await page.locator('.compare-table tbody th').allInnerTexts()).toEqual(VARIANTS.map((n) => expect.stringContaining(n)))
    const curves = page.getByRole('img', { name: `Validation loss. Series: ${VARIANTS.join(', ')}` })
    await curves.waitFor()
    expect(await page.locator('.observations li').count()).toBe(5)
    // Only the view scrolls: nothing (such as screen-reader text) stretches the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(800)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-compare.png') })
    const testAccuracies = await rows.locator('td:nth-child(4)').allInnerTexts()
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save Validation loss as PNG' }).click()])
    expect(png.suggestedFilename()).toBe('validation-loss.png')
    const image = await readFile(await png.path())
    expect(image.subarray(1, 4).toString()).toBe('PNG')
    // Drawn again at twice the density of the chart on screen (IHDR width and height, big-endian).
    const onScreen = await page.getByRole('img', { name: /^Validation loss\./ }).boundingBox()
    expect(Math.abs(image.readUInt32BE(16) - 2 * (onScreen?.width ?? 0))).toBeLessThanOrEqual(2)
    expect(Math.abs(image.readUInt32BE(20) - 2 * (onScreen?.height ?? 0))).toBeLessThanOrEqual(2)

    await show(page, 'Report')
    // The preview is the exported report itself.
    const preview = page.frameLocator('iframe[title="Report preview"]')
    await expect.poll(() => preview.locator('#results tbody tr').count()).toBe(5)
    await page.screenshot({ path: join(ARTIFACTS, 'ui-report.png') })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report' }).click()])
    expect(download.suggestedFilename()).toMatch(/^regstudio-report-.*\.html$/)
    const html = await readFile(await download.path(), 'utf8')
    const table = /<table id="results"[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
    for (const name of VARIANTS) expect(table).toContain(`${name}</td>`)
    // The report prints accuracies as the UI does: percentages with one decimal.
    for (const cell of testAccuracies) expect(table).toContain(`<td>${cell.trim()}</td>`)
    await page.getByRole('status').getByText(/Downloaded regstudio-report-/).waitFor()

    expect(errors).toEqual([])
  }, 300_000)
})
