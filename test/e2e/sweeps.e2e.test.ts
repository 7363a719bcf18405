/**
 * A sweep from the Model view to its validation curve in Compare, against `regstudio serve` on a
 * tiny dataset: Sweep… on the baseline, values typed (a wrong one first), the preview and run count,
 * added to the study, trained at one epoch, then the curve and the best-strength table. Saves light
 * and dark screenshots of the dialog and the curve in test-artifacts/.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { REPO_ROOT } from './support/serveProcess'
import { serveWithBrowser } from './support/session'
import { tinyCsv } from './support/tinyDataset'

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')
// Up to a strength that underfits even this easy data, so the curve has two sides.
const SWEPT = ['baseline[l2=0.001]', 'baseline[l2=0.01]', 'baseline[l2=0.1]', 'baseline[l2=1]']

describe('a sweep in the browser UI', () => {
  const session = serveWithBrowser('sweeps')
  beforeAll(() => mkdir(ARTIFACTS, { recursive: true }))

  async function show(page: Page, view: string): Promise<void> {
    const button = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view })
    await button.click()
    await expect.poll(() => button.getAttribute('aria-current')).toBe('page')
  }

  /** The same picture in the light and the dark scheme (for views without charts, which take their colours when drawn). */
  async function shoot(page: Page, name: string, target: { screenshot(o: { path: string }): Promise<Buffer> } = page): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await target.screenshot({ path: join(ARTIFACTS, `ui-sweeps-${name}-${scheme}.png`) })
    }
    await page.emulateMedia({ colorScheme: 'light' })
  }

  it('adds an L2 sweep to the study, trains it and draws its validation curve', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const socket = await TestSocket.open(`${session.serve.origin.replace('http', 'ws')}/ws?token=${session.serve.token}`, {}, session.serve.origin)
    await uploadDataset(session.serve, socket, [['tiny-train.csv', tinyCsv(10)], ['tiny-test.csv', tinyCsv(2, 3)]])
    socket.close()

    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await expect.poll(() => page.getByTestId('train-count').textContent()).toBe('100')

    // A small study: the baseline at one epoch and its sweep; the other seed variants go.
    await show(page, 'Model')
    const variants = page.getByRole('list', { name: 'Variants of the study' })
    for (const name of ['dropout', 'l2', 'l1', 'earlystopping']) {
      await variants.getByRole('button', { name, exact: true }).click()
      await page.getByRole('button', { name: 'Delete', exact: true }).click()
    }
    await variants.getByRole('button', { name: 'baseline', exact: true }).click()
    await page.getByLabel('Epochs', { exact: true }).fill('1')

    const opener = page.getByRole('button', { name: 'Sweep…' })
    await opener.click()
    const dialog = page.getByRole('dialog', { name: 'Sweep “baseline”' })
    await dialog.waitFor()
    expect(await dialog.getByLabel('Parameter').locator('option').allInnerTexts()).toEqual(['L2 strength', 'L1 strength', 'Epochs'])
    const values = dialog.getByLabel('Values')
    await values.fill('1e-4,abc')
    await dialog.getByText('Sweep of l2: "abc" is not a number').waitFor()
    expect(await dialog.getByRole('button', { name: 'Add to study' }).isDisabled()).toBe(true)
    await values.fill('1e-3..1 x4')
    const preview = dialog.getByRole('region', { name: 'Sweep preview' })
    await expect.poll(() => preview.locator('.names li').allInnerTexts()).toEqual(SWEPT)
    expect(await dialog.getByTestId('sweep-count').innerText()).toMatch(/^4 runs \(4 × 1 repeat\), about \d+(–\d+)? (s|min).*, (one run|\d runs) at a time, /)
    await shoot(page, 'dialog')

    // Escape closes without adding and gives focus back to the button that opened it.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true)
    await opener.press('Enter')
    await dialog.getByLabel('Values').fill('1e-3..1 x4')
    await dialog.getByRole('button', { name: 'Add to study' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => variants.getByRole('button').allInnerTexts()).toEqual(['baseline', ...SWEPT])
    await page.getByRole('region', { name: 'Sweeps' }).getByText('L2 strength of baseline').waitFor()
    // The sweep opens again with its values, to be changed or left as it is.
    await page.getByRole('button', { name: 'Edit sweep: L2 strength of baseline' }).click()
    expect(await dialog.getByLabel('Values').inputValue()).toBe('0.001,0.01,0.1,1')
    await dialog.getByRole('button', { name: 'Update sweep' }).waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    await show(page, 'Train')
    await page.getByRole('button', { name: /Run the study \(5 variants/ }).click()
    const panels = page.locator('.run-panel')
    await expect.poll(() => panels.count()).toBe(5)
    await expect.poll(() => panels.locator('.run-panel-head .status.finished').count(), { timeout: 120_000, interval: 1000 }).toBe(5)

    await show(page, 'Compare')
    const sweeps = page.locator('.sweep-results')
    await sweeps.getByRole('img', { name: 'L2 strength of baseline: validation curve. Series: validation accuracy, train accuracy, chosen on validation' }).waitFor()
    const row = sweeps.locator('table.best-strengths tbody tr')
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.locator('th').innerText()).toBe('L2 strength (baseline)')
    await sweeps.getByText('The test set never picks anything').waitFor()
    await sweeps.scrollIntoViewIfNeeded()
    await sweeps.screenshot({ path: join(ARTIFACTS, 'ui-sweeps-compare-light.png') })
    expect(errors).toEqual([])

    // A reopened page shows the study's runs by default; in the dark scheme from the start, as charts take their colours when drawn.
    const dark = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' })
    await dark.goto(session.serve.url)
    await show(dark, 'Compare')
    const darkSweeps = dark.locator('.sweep-results')
    await darkSweeps.getByRole('img', { name: /^L2 strength of baseline: validation curve/ }).waitFor()
    await darkSweeps.scrollIntoViewIfNeeded()
    await dark.waitForTimeout(200)
    await darkSweeps.screenshot({ path: join(ARTIFACTS, 'ui-sweeps-compare-dark.png') })

    // The sweep preset replaces the study with the baseline and its three sweeps.
    await show(page, 'Model')
    await page.getByLabel('Study preset').selectOption({ label: 'Which regularizer, at its best strength?' })
    await page.getByRole('button', { name: 'Load', exact: true }).click()
    await page.getByRole('status').getByText(/^Loaded “Which regularizer, at its best strength\?”: 13 variants, 10 epochs each\./).waitFor()
    const listed = page.getByRole('region', { name: 'Sweeps' }).locator('li strong')
    expect(await listed.allInnerTexts()).toEqual(['L2 strength of l2', 'L1 strength of l1', 'Dropout rate of dropout'])
    await shoot(page, 'preset')
  }, 240_000)
})
