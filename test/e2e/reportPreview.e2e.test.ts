/**
 * The Report view previews the exported report itself (charts included) in a script-less frame,
 * offers the browser's print for PDF, and gives a single run no "best" badge.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { RunStore } from '../../src/main/core/runs/runStore'
import { storeFinishedRun } from '../support/storedRuns'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { serveWithBrowser } from './support/session'

const DATA = { source: 'quick subset of the test data', fingerprint: 'a'.repeat(64), train: 9000, validation: 1000, test: 2000 }
/** Set to a folder to keep screenshots of the view at both widths and schemes (e.g. for a review). */
const SHOTS = process.env.REGSTUDIO_SHOTS

async function openReport(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Report' }).click()
}

describe('the Report view', () => {
  const session = serveWithBrowser('report', [], async (dir) => {
    const store = new RunStore(join(dir, 'ws'))
    await store.init()
    await storeFinishedRun(store, 'baseline', { dataset: DATA, studyId: 'study-1' }, 0.8412)
    await storeFinishedRun(store, 'dropout', { dataset: DATA, studyId: 'study-1' }, 0.8567)
  })

  it('previews the exported report with its charts, at 1280 and 1440 px, light and dark', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    for (const width of [1280, 1440]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await (session.browser as Browser).newPage({ viewport: { width, height: 900 }, colorScheme })
        const errors = collectPageErrors(page)
        await openReport(page, session.serve.url)
        const preview = page.frameLocator('iframe[title="Report preview"]')
        await preview.locator('#results').waitFor()
        if (SHOTS) {
          await page.screenshot({ path: join(SHOTS, `report-${width}-${colorScheme}.png`) })
          await preview.locator('#curves').scrollIntoViewIfNeeded()
          await page.screenshot({ path: join(SHOTS, `report-${width}-${colorScheme}-charts.png`) })
          await preview.locator('#samples').scrollIntoViewIfNeeded()
          await page.screenshot({ path: join(SHOTS, `report-${width}-${colorScheme}-samples.png`) })
        }
        // Every figure is drawn without a script: the frame may run none.
        expect(await preview.locator('svg.chart, svg.line-chart').count()).toBeGreaterThanOrEqual(4)
        expect(await preview.locator('canvas').count()).toBe(0)
        expect(await preview.locator('#results tbody tr').first().innerText()).toMatch(/90\.0%\s+80\.\d%\s+84\.1%\s+5\.9/)
        expect(await page.locator('iframe[title="Report preview"]').getAttribute('sandbox')).not.toContain('allow-scripts')
        await expect.poll(() => page.getByRole('button', { name: 'Print or save as PDF' }).isEnabled()).toBe(true)
        expect(errors).toEqual([])
        await page.close()
      }
    }
  }, 120_000)

  it('gives a single run no best badge, in the app and in the report', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    const ticks = page.getByRole('complementary', { name: 'Runs' }).getByRole('checkbox')
    await expect.poll(() => ticks.count()).toBe(2)
    await expect.poll(() => ticks.nth(1).isChecked()).toBe(true)
    await ticks.nth(1).uncheck()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()
    await page.locator('.compare-table tbody tr').first().waitFor()
    expect(await page.locator('.compare-table tbody tr').count()).toBe(1)
    expect(await page.locator('.compare-table').getByText('best', { exact: true }).count()).toBe(0)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Report' }).click()
    const preview = page.frameLocator('iframe[title="Report preview"]')
    await preview.locator('#results').waitFor()
    expect(await preview.locator('tr.best-row').count()).toBe(0)
    expect(await preview.locator('p.best').count()).toBe(0)
    expect(errors).toEqual([])
  }, 60_000)
})
