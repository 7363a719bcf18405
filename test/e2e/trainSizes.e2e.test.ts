/**
 * The Train view's study-wide size choices in Chromium against `regstudio serve`: training images,
 * test images and an epochs override reach every run of the study (its stored record), the quick
 * try fills the same fields, a replaced variant's epochs and a limit above the data's size are said
 * on screen, and a bad value keeps the study from starting.
 */
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { RunListItem } from '../../src/shared/api'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { serveWithBrowser } from './support/session'
import { quickSpec, tinyCsv } from './support/tinyDataset'

describe('the Train view size choices in the browser UI', () => {
  const session = serveWithBrowser('train-sizes')

  async function show(page: Page, view: string): Promise<void> {
    const button = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view })
    await button.click()
    await expect.poll(() => button.getAttribute('aria-current')).toBe('page')
  }

  it('sends the chosen training images, test images and epochs to every run of the study', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const socket = await TestSocket.open(`${session.serve.origin.replace('http', 'ws')}/ws?token=${session.serve.token}`, {}, session.serve.origin)
    try {
      // 300 training and 100 test images.
      const datasetId = await uploadDataset(session.serve, socket, [['tiny-train.csv', tinyCsv(30)], ['tiny-test.csv', tinyCsv(10, 3)]])
      const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
      const errors = collectPageErrors(page)
      await page.goto(session.serve.url)
      await page.getByTestId('train-count').waitFor()
      const variants = [
        { ...quickSpec(), name: 'baseline', epochs: 4 },
        { ...quickSpec(), name: 'short', epochs: 1 }
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

      const trainImages = page.getByLabel('Training images', { exact: true })
      const testImages = page.getByLabel('Test images', { exact: true })
      const epochs = page.getByLabel('Epochs', { exact: true })
      const run = page.getByRole('button', { name: /^Run the study/ })
      expect(await trainImages.getAttribute('placeholder')).toBe('all 300')

      // The quick try is those three fields filled, and clears them again.
      await page.getByLabel('Quick try').check()
      expect([await trainImages.inputValue(), await testImages.inputValue(), await epochs.inputValue()]).toEqual(['10000', '2000', '5'])
      await page.getByTestId('whole-train').getByText('The dataset has 300 training images: all of them are used.').waitFor()
      await page.getByLabel('Quick try').uncheck()
      expect(await trainImages.inputValue()).toBe('')

      await trainImages.fill('5')
      await page.getByText('Training images must be a whole number of at least 10, or empty for all of them.').waitFor()
      expect(await run.isDisabled()).toBe(true)

      await trainImages.fill('120')
      await testImages.fill('50')
      await epochs.fill('2')
      expect(await page.getByTestId('epochs-override').textContent()).toMatch(/2 epochs replace the variants' own: baseline 4, short 1\./)
      expect(await page.getByLabel('Quick try').isChecked()).toBe(false)
      await page.getByRole('button', { name: 'Run the study (2 variants, 2 epochs)' }).click()
      const panels = page.locator('.run-panel')
      await expect.poll(() => panels.count()).toBe(2)
      await expect.poll(() => panels.locator('.run-panel-head .status.finished').count(), { timeout: 120_000, interval: 500 }).toBe(2)
      // The finished runs say which epoch's weights they keep, under a chart cut to the epochs that ran.
      await expect.poll(() => panels.getByText(/kept epoch [12]/).count()).toBe(2)

      const listed = await socket.request('runs.list', {})
      if (!listed.ok) throw new Error(listed.error.message)
      const records = (listed.result as RunListItem[]).map((r) => r.record)
      expect(records.map((r) => r.name).sort()).toEqual(['baseline', 'short'])
      for (const record of records) {
        expect(record.spec.epochs).toBe(2)
        expect(record.epochsRun).toBe(2)
        expect(record.dataset.train + record.dataset.validation).toBe(120)
        expect(record.dataset.test).toBe(50)
        expect(record.dataset.source).toContain('subset of 120 train images and 50 test images')
      }
      expect(errors).toEqual([])
    } finally {
      socket.close()
    }
  }, 240_000)
})
