import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { FASHION_MNIST_CLASS_NAMES } from '../../src/shared/classNames'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { REPO_ROOT } from './support/serveProcess'
import { serveWithBrowser } from './support/session'
import { tinyCsv } from './support/tinyDataset'

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')
/** The tiny set's class names, dropped with its files (CSV data is otherwise numbered 0..K-1). */
const CLASSES_TXT = { name: 'classes.txt', text: FASHION_MNIST_CLASS_NAMES.join('\n') }

/** Drops files on the page the way a file manager does: a drop event carrying a DataTransfer. */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((list) => {
    const transfer = new DataTransfer()
    for (const f of list) transfer.items.add(new File([f.text], f.name, { type: 'text/csv' }))
    const init = { dataTransfer: transfer, bubbles: true, cancelable: true }
    window.dispatchEvent(new DragEvent('dragenter', init))
    document.body.dispatchEvent(new DragEvent('drop', init))
  }, files)
}

/** Opens the app on the tiny CSV dataset, importing it unless an earlier test of this file did. */
async function openWithTinyDataset(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).waitFor({ timeout: 15_000 })
  await expect.poll(async () => (await page.getByTestId('train-count').count()) + (await page.getByText('No dataset yet').count())).toBeGreaterThan(0)
  if ((await page.getByTestId('train-count').count()) === 0) {
    await dropFiles(page, [
      { name: 'tiny-train.csv', text: tinyCsv(2).toString() },
      { name: 'tiny-test.csv', text: tinyCsv(1, 5).toString() },
      CLASSES_TXT
    ])
  }
  await expect.poll(() => page.getByTestId('train-count').textContent(), { timeout: 20_000 }).toBe('20')
  await expect.poll(() => page.locator('[data-testid=sample-grid] canvas').count()).toBe(20)
}

describe('Data and Model views in Chromium', () => {
  const session = serveWithBrowser('views')

  it('imports dropped CSV files, shows their counts, the class grid and an image inspector', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).waitFor({ timeout: 15_000 })
    await expect.poll(() => page.getByText('No dataset yet').isVisible()).toBe(true)

    await dropFiles(page, [
      { name: 'tiny-train.csv', text: tinyCsv(2).toString() },
      { name: 'tiny-test.csv', text: tinyCsv(1, 5).toString() },
      CLASSES_TXT
    ])
    await expect.poll(() => page.getByTestId('train-count').textContent(), { timeout: 20_000 }).toBe('20')
    expect(await page.getByTestId('test-count').textContent()).toBe('10')
    await expect.poll(() => page.locator('[data-testid=class-grid] canvas').count()).toBe(10)

    // Every class image was drawn: its lit band makes the canvas non-black.
    const lit = await page.locator('[data-testid=class-grid] canvas').evaluateAll((canvases) =>
      canvases.map((c) => {
        const canvas = c as HTMLCanvasElement
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
        let sum = 0
        for (let i = 0; i < data.length; i += 4) sum += data[i]
        return sum > 0
      })
    )
    expect(lit).toEqual(Array(10).fill(true))
    const gridText = await page.getByTestId('class-grid').textContent()
    expect(gridText).toContain('T-shirt/top')
    expect(gridText).toContain('Ankle boot')
    await expect.poll(() => page.locator('[data-testid=sample-grid] canvas').count()).toBe(20)
    await page.getByRole('radio', { name: 'Test' }).click()
    await expect.poll(() => page.locator('[data-testid=sample-grid] canvas').count()).toBe(10)

    await page.getByRole('button', { name: 'Inspect Trouser, train image 1' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('(28, 28)')
    expect(await dialog.locator('table td').count()).toBe(784)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    await page.locator('.view').evaluate((el) => el.scrollTo(0, 0))
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-data-view.png') })
    expect((await stat(join(ARTIFACTS, 'e2e-data-view.png'))).size).toBeGreaterThan(10_000)
    expect(errors.filter((e) => !e.includes('404'))).toEqual([])
    await page.close()
  })

  it('ignores an emptied page field and shows the current page in it again', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const warnings: string[] = []
    page.on('console', (m) => warnings.push(m.text()))
    const errors = collectPageErrors(page)
    await openWithTinyDataset(page, session.serve.url)

    const field = page.locator('.page-input input')
    const range = page.locator('.browser .range')
    await field.fill('')
    await field.press('Enter')
    await expect.poll(() => field.inputValue()).toBe('1')
    await field.fill('')
    await field.press('Tab')
    await expect.poll(() => field.inputValue()).toBe('1')
    expect(await range.textContent()).toMatch(/^\s*1–20 of 20\s*$/)
    expect(await page.locator('.data-view .error').count()).toBe(0)
    expect(warnings.filter((w) => w.includes('NaN'))).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })

  it('moves the Train/Test switch with the arrow keys, one radio in the tab order', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    await openWithTinyDataset(page, session.serve.url)

    const train = page.getByRole('radio', { name: 'Train' })
    const test = page.getByRole('radio', { name: 'Test' })
    const state = async () => [await train.getAttribute('aria-checked'), await train.getAttribute('tabindex'), await test.getAttribute('aria-checked'), await test.getAttribute('tabindex')]
    expect(await state()).toEqual(['true', '0', 'false', '-1'])
    await train.focus()
    for (const [key, checked] of [['ArrowRight', test], ['ArrowUp', train], ['ArrowDown', test], ['ArrowLeft', train], ['ArrowLeft', test]] as const) {
      await page.keyboard.press(key)
      await expect.poll(() => checked.getAttribute('aria-checked'), { message: key }).toBe('true')
      expect(await checked.evaluate((el) => el === document.activeElement), key).toBe(true)
    }
    expect(await state()).toEqual(['false', '-1', 'true', '0'])
    await expect.poll(() => page.locator('[data-testid=sample-grid] canvas').count()).toBe(10)
    await page.close()
  })

  it('offers a skip link first in the tab order that moves focus to the view', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    await openWithTinyDataset(page, session.serve.url)

    const link = page.getByRole('link', { name: 'Skip to content' })
    const onScreen = async () => ((await link.boundingBox())?.y ?? -1) >= 0
    expect(await onScreen()).toBe(false)
    await page.keyboard.press('Tab')
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await onScreen()).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-view')
    expect(await onScreen()).toBe(false)
    // The next Tab continues inside the view, past the top bar and the run list.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => !!document.activeElement?.closest('#main-view'))).toBe(true)
    await page.close()
  })

  it('saves a chart that was never scrolled into view as PNG from the keyboard', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 600 }, acceptDownloads: true })
    const errors = collectPageErrors(page)
    await openWithTinyDataset(page, session.serve.url)

    const views = page.getByRole('navigation', { name: 'Views' })
    await views.getByRole('button', { name: 'Train' }).click()
    await page.getByLabel('Quick try').check()
    const trainOne = page.getByRole('button', { name: 'Train this variant' })
    await trainOne.focus()
    await page.keyboard.press('Enter')
    await page.locator('.run-panel').first().waitFor()
    // Starting from the keyboard leaves the focus on the button pressed.
    expect(await trainOne.evaluate((el) => el === document.activeElement)).toBe(true)
    await expect.poll(() => page.locator('.run-panel-head .status.finished').count(), { timeout: 120_000, interval: 500 }).toBe(1)

    await views.getByRole('button', { name: 'Compare' }).click()
    const figure = page.locator('figure.chart').last()
    await figure.waitFor()
    const png = figure.getByRole('button', { name: /^Save .* as PNG$/ })
    // Far below the fold: the chart itself is still not built.
    expect(await figure.locator('canvas').getAttribute('width')).toBeNull()
    expect(await png.isEnabled()).toBe(true)
    await png.focus()
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toMatch(/^weights-.*\.png$/)
    expect((await readFile(await download.path())).subarray(1, 4).toString()).toBe('PNG')
    expect(errors.filter((e) => !e.includes('404'))).toEqual([])
    await page.close()
  }, 180_000)

  it('cancels a queued run from the keyboard: no empty chart is left, and the focus stays in its panel', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await openWithTinyDataset(page, session.serve.url)
    const views = page.getByRole('navigation', { name: 'Views' })
    await views.getByRole('button', { name: 'Model' }).click()
    await page.getByLabel('Epochs', { exact: true }).fill('1000')
    await views.getByRole('button', { name: 'Train' }).click()
    // Three long runs on at most two trainers: the newest, whose panel is shown, waits in the queue.
    const queue = page.getByRole('region', { name: 'Queue' }).locator('li')
    for (let n = 1; n <= 3; n++) {
      await page.getByRole('button', { name: 'Train this variant' }).click()
      await expect.poll(() => queue.count()).toBe(n)
    }
    const panel = page.locator('.run-panel')
    await panel.locator('.status.queued').waitFor()
    await panel.getByRole('button', { name: /^Cancel / }).focus()
    await page.keyboard.press('Enter')
    await panel.locator('.status.cancelled').waitFor({ timeout: 30_000 })
    // The cancelled event can come before the answer to the cancel request, after which the focus moves.
    await expect.poll(() => panel.evaluate((el) => el.contains(document.activeElement) && document.activeElement?.tagName)).toBe('H3')
    expect(await panel.getByText('Cancelled before it started.').count()).toBe(1)
    expect(await panel.locator('figure.chart').count()).toBe(0)

    // In the queue too, a cancel from the keyboard hands the focus on to the next Cancel button.
    expect(await queue.count()).toBe(2)
    await queue.first().getByRole('button', { name: /^Cancel / }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => queue.count(), { timeout: 30_000 }).toBe(1)
    await expect
      .poll(() => page.evaluate(() => (document.activeElement?.closest('.run-queue') ? document.activeElement.getAttribute('aria-label') : null)))
      .toMatch(/^Cancel baseline \((running|queued)\)$/)
    await queue.first().getByRole('button', { name: /^Cancel / }).click()
    await expect.poll(() => queue.count(), { timeout: 30_000 }).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)

  it('shows the import error verbatim for a CSV with a bad pixel', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(session.serve.url)
    await page.getByRole('button', { name: 'Use bundled Fashion-MNIST' }).waitFor({ timeout: 15_000 })
    const good = tinyCsv(1).toString()
    const lines = good.split('\n')
    lines[2] = lines[2].replace(/^(\d+),\d+,/, '$1,999,')
    const bad = lines.join('\n')
    await page.getByTestId('dataset-file-input').setInputFiles([
      { name: 'bad-train.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) },
      { name: 'bad-test.csv', mimeType: 'text/csv', buffer: Buffer.from(good) }
    ])
    const alert = page.locator('.import-error')
    await alert.waitFor({ timeout: 20_000 })
    expect(await alert.textContent()).toMatch(/bad-train\.csv: line 3, column 2: .*999/)
    await page.close()
  })

  it('edits a variant with live validation, the diagram and the parameter table', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Model' }).click()
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('669,706')
    expect(await page.getByTestId('network-diagram').locator('g.node').count()).toBe(4)

    await page.getByRole('button', { name: 'dropout', exact: true }).click()
    expect(await page.getByTestId('network-diagram').textContent()).toContain('rate 0.3')
    await page.getByLabel('Layer 2 dropout rate').fill('1.5')
    await expect.poll(() => page.getByText('Rate must be a number at least 0 and less than 1 (got 1.5)').isVisible()).toBe(true)
    // A refused rate changes no parameter count: the table keeps its numbers.
    expect(await page.getByTestId('total-params').textContent()).toBe('669,706')
    await page.getByLabel('Layer 2 dropout rate').fill('0.5')
    await expect.poll(() => page.getByText(/Rate must be/).count()).toBe(0)

    await page.getByRole('button', { name: '+ Dense layer' }).click()
    await expect.poll(() => page.getByTestId('network-diagram').locator('g.node').count()).toBe(7)
    // 784*512+512 + 512*512+512 + 512*128+128 + 128*10+10
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('731,530')

    await page.locator('.view').evaluate((el) => el.scrollTo(0, 0))
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-model-view.png') })

    // The editor outlives the view: opened again, it still follows the selection and the edits.
    const views = page.getByRole('navigation', { name: 'Views' })
    await views.getByRole('button', { name: 'Data' }).click()
    await views.getByRole('button', { name: 'Model' }).click()
    await page.getByRole('button', { name: 'l1', exact: true }).click()
    await expect.poll(() => page.getByLabel('Variant name').inputValue()).toBe('l1')
    await page.getByRole('button', { name: 'dropout', exact: true }).click()
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('731,530')
    expect(errors.filter((e) => !e.includes('404'))).toEqual([])
    await page.close()
  })
})
