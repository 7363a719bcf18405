/**
 * A study with repeats in Chromium against `regstudio serve`: the Train view estimates the study
 * before it starts, and the Compare view shows the variants' aggregates, the verdict table and the
 * error-bar chart. Two tiny variants × two repeats of two epochs keep it quick. Saves light and dark
 * screenshots of both views in test-artifacts/.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { REPO_ROOT } from './support/serveProcess'
import { serveWithBrowser } from './support/session'
import { quickSpec, tinyCsv } from './support/tinyDataset'

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')

describe('a study with repeats in the browser UI', () => {
  const session = serveWithBrowser('repeats')
  beforeAll(() => mkdir(ARTIFACTS, { recursive: true }))

  async function show(page: Page, view: string): Promise<void> {
    const button = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view })
    await button.click()
    await expect.poll(() => button.getAttribute('aria-current')).toBe('page')
  }

  async function screenshots(page: Page, name: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      // Charts repaint on the next frame after the scheme changes.
      await page.waitForTimeout(300)
      await page.screenshot({ path: join(ARTIFACTS, `ui-repeats-${name}-${scheme}.png`) })
    }
    await page.emulateMedia({ colorScheme: 'light' })
  }

  it('estimates the study, trains 2 variants × 2 repeats and compares them with verdicts and error bars', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const socket = await TestSocket.open(`${session.serve.origin.replace('http', 'ws')}/ws?token=${session.serve.token}`, {}, session.serve.origin)
    const datasetId = await uploadDataset(session.serve, socket, [['tiny-train.csv', tinyCsv(20)], ['tiny-test.csv', tinyCsv(2, 3)]])
    socket.close()

    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.getByTestId('train-count').waitFor()
    // The study to run, as a reload would bring it back: two tiny variants on the tiny dataset.
    // Two epochs, so the mean curves have bands to draw between points.
    const base = { ...quickSpec(), epochs: 2 }
    const variants = [
      { ...base, name: 'baseline' },
      { ...base, name: 'dropout', layers: [base.layers[0], { type: 'dropout', rate: 0.3 }, base.layers[1]] }
    ]
    await page.evaluate(
      ([id, specs]) => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('regstudio.choices:'))
        if (!key) throw new Error('no saved choices')
        localStorage.setItem(key, JSON.stringify({ datasetId: id, variants: specs }))
      },
      [datasetId, variants] as const
    )
    await page.reload()

    await show(page, 'Train')
    const repeats = page.getByLabel('Repeats')
    await repeats.fill('0')
    await page.getByText('Repeats must be a whole number from 1 to 100.').waitFor()
    expect(await page.getByRole('button', { name: /Run the study/ }).isDisabled()).toBe(true)
    await repeats.fill('2')
    const estimate = page.getByTestId('study-estimate')
    await expect.poll(() => estimate.textContent()).toMatch(/^4 runs \(2 variants × 2 repeats\), about .+ at a time, assuming the wasm speed of a 2-core machine.+\.$/)
    await screenshots(page, 'train')

    await page.getByRole('button', { name: 'Run the study (2 variants × 2 repeats, 2 epochs)' }).click()
    const panels = page.locator('.run-panel')
    await expect.poll(() => panels.count()).toBe(4)
    await expect.poll(() => panels.locator('.run-panel-head .status.finished').count(), { timeout: 150_000, interval: 1000 }).toBe(4)

    // The sidebar lists each variant's repeats together.
    const sidebar = page.getByRole('complementary', { name: 'Runs' })
    await sidebar.getByRole('button', { name: /baseline · 2 repeats\s*2 finished/ }).click()
    await sidebar.getByText('baseline · seed 42').waitFor()

    await show(page, 'Compare')
    const verdicts = page.getByTestId('verdict-table').locator('tbody tr')
    await expect.poll(() => verdicts.count()).toBe(2)
    expect(await verdicts.first().locator('th').textContent()).toBe('dropout')
    expect(await verdicts.first().locator('td.verdict').textContent()).toContain('dropout')
    expect(await page.getByTestId('variant-table').locator('tbody th').allInnerTexts()).toEqual(['baseline', 'dropout'])
    await page.getByRole('img', { name: 'Test accuracy: mean with 95 % interval. Series: test accuracy (mean)' }).waitFor()
    await page.getByRole('img', { name: /^Mean accuracy per epoch \(±1 std\)\./ }).waitFor()
    // The per-run detail stays below the aggregates.
    await expect.poll(() => page.locator('.compare-table tbody tr').count()).toBeGreaterThanOrEqual(2 + 2 + 4)
    await page.setViewportSize({ width: 1280, height: 1400 })
    await screenshots(page, 'compare')

    expect(errors).toEqual([])
  }, 240_000)
})
