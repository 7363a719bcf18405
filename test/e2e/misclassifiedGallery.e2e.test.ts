/**
 * The misclassified gallery on a briefly trained run: every misclassified image counted and paged,
 * a confusion-matrix cell filtering the gallery to exactly that cell, a tile opening large. And,
 * as the relabelled test set is imbalanced, the Data view's class balance drawn to scale.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { encodeCsv } from '../../src/main/core/datasets/writers'
import { runCli } from '../support/cli'
import { syntheticSet } from '../support/synthetic'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { REPO_ROOT } from './support/serveProcess'
import { serveWithBrowser } from './support/session'
import { GALLERY_PAGE_SIZE } from '../../src/renderer/src/state/misclassifiedGallery.svelte'

describe('misclassified gallery', () => {
  const session = serveWithBrowser('gallery', [], async (dir) => {
    // The synthetic classes are easy to learn; every third test label names the next class or the
    // one after instead, so about a third of the test set is misclassified, a few per cell.
    const test = syntheticSet(100, 2)
    for (let i = 0; i < test.count; i += 3) test.labels[i] = (test.labels[i] + 1 + (i % 2)) % 10
    await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(400, 1)))
    await writeFile(join(dir, 'test.csv'), encodeCsv(test))
    const study = await runCli(
      ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', 'baseline',
        '--epochs', '2', '--workspace', join(dir, 'ws'), '--backend', 'wasm', '--concurrency', '1'],
      { timeoutMs: 180_000 }
    )
    if (study.code !== 0) throw new Error(`regstudio study failed (${study.code}): ${study.stderr}`)
  })

  it('draws class balance bars proportional to the counts', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(session.serve.url)
    const balance = page.getByTestId('class-balance')
    await balance.waitFor({ timeout: 20_000 })
    const bars = await balance.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const cell = r.querySelectorAll('td')[1]
        const bar = cell.querySelector('.bar') as HTMLElement
        const track = cell.querySelector('.track') as HTMLElement
        return { count: Number(cell.textContent?.replace(/\D/g, '')), fraction: bar.getBoundingClientRect().width / track.getBoundingClientRect().width }
      })
    )
    const counts = bars.map((b) => b.count)
    expect(new Set(counts).size).toBeGreaterThan(1)
    const max = Math.max(...counts)
    for (const b of bars) expect(b.fraction).toBeCloseTo(b.count / max, 2)
    await page.close()
  }, 60_000)

  it('shows the total, pages through all, filters to a clicked confusion cell and opens a tile', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()

    const gallery = page.getByTestId('misclassified-gallery')
    const total = gallery.getByTestId('misclassified-total')
    await total.waitFor({ timeout: 20_000 })
    // The matrix's off-diagonal counts, read from the page: what the gallery must agree with.
    const matrix = page.locator('table.heat').first()
    const cells = await matrix.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent))))
    const wrong = cells.reduce((sum, row, t) => sum + row.reduce((a, n, p) => a + (p === t ? 0 : n), 0), 0)
    expect(await total.textContent()).toBe(`${wrong} of 100 test images`)
    // The relabelled third of the test set: more mistakes than a page holds.
    expect(wrong).toBeGreaterThan(GALLERY_PAGE_SIZE)

    const tiles = gallery.locator('.tile')
    const range = gallery.getByTestId('misclassified-range')
    await expect.poll(() => tiles.count()).toBe(GALLERY_PAGE_SIZE)
    expect(await range.textContent()).toBe(`1–${GALLERY_PAGE_SIZE} of ${wrong}`)
    const pages = Math.ceil(wrong / GALLERY_PAGE_SIZE)
    const seen = new Set<string>()
    for (let p = 0; p < pages; p++) {
      if (p > 0) await gallery.getByRole('button', { name: 'Next page' }).click()
      const expected = Math.min(GALLERY_PAGE_SIZE, wrong - p * GALLERY_PAGE_SIZE)
      await expect.poll(() => range.textContent()).toBe(`${p * GALLERY_PAGE_SIZE + 1}–${p * GALLERY_PAGE_SIZE + expected} of ${wrong}`)
      await expect.poll(() => tiles.count()).toBe(expected)
      for (const label of await tiles.evaluateAll((ts) => ts.map((t) => t.getAttribute('aria-label') ?? ''))) seen.add(label)
    }
    // Every misclassified image once, across the pages.
    expect(seen.size).toBe(wrong)
    expect(await gallery.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true)

    // The largest confusion: clicking its count shows exactly its images.
    let best = { t: 0, p: 1, n: -1 }
    cells.forEach((row, t) => row.forEach((n, p) => (p !== t && n > best.n ? (best = { t, p, n }) : undefined)))
    const cell = matrix.locator('tbody tr').nth(best.t).locator('td').nth(best.p).getByRole('button')
    await cell.click()
    expect(await cell.getAttribute('aria-pressed')).toBe('true')
    const shown = Math.min(best.n, GALLERY_PAGE_SIZE)
    await expect.poll(() => range.textContent()).toMatch(new RegExp(`^1–${shown} of ${best.n}: `))
    await expect.poll(() => tiles.count()).toBe(shown)
    const trueName = await gallery.getByLabel('True class').locator('option:checked').textContent()
    const predictedName = await gallery.getByLabel('Predicted').locator('option:checked').textContent()
    for (const label of await tiles.evaluateAll((ts) => ts.map((t) => t.getAttribute('aria-label') ?? ''))) {
      expect(label).toMatch(new RegExp(`: ${trueName} → ${predictedName}$`))
    }
    await page.screenshot({ path: join(REPO_ROOT, 'test-artifacts', 'ui-gallery-cell.png') })

    // A tile opens the image large with every class probability, most likely first.
    await tiles.first().click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.locator('canvas').count()).toBe(1)
    const rows = dialog.getByRole('table', { name: 'Class probabilities, most likely first' }).locator('tr')
    expect(await rows.count()).toBe(10)
    expect(await rows.first().locator('th').textContent()).toBe(predictedName)
    const percents = (await rows.locator('td.num').allTextContents()).map((t) => parseFloat(t))
    expect(percents).toEqual([...percents].sort((a, b) => b - a))
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible()).toBe(false)

    await gallery.getByRole('button', { name: 'Show all' }).click()
    await expect.poll(() => range.textContent()).toBe(`1–${GALLERY_PAGE_SIZE} of ${wrong}`)
    expect(errors).toEqual([])
  }, 120_000)
})
