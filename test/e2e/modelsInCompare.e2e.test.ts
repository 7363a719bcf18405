/**
 * The trained models in Compare, in a real browser against `regstudio serve`: try it (draw, see each
 * run's probabilities; a file that is no image is one line and changes nothing), robustness measured
 * on demand with progress, and an ONNX export downloaded from the host.
 */
import { mkdirSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { trainedWorkspace } from '../support/trainedWorkspace'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { serveWithBrowser } from './support/session'

/** Screenshots asked for by issue 19, looked at by whoever changes these panels. */
const SHOTS = process.env.REGSTUDIO_SHOTS ?? join(__dirname, '../../test-artifacts')

describe('trained models in Compare', () => {
  const session = serveWithBrowser('models', [], async (dir) => {
    await trainedWorkspace(dir, ['baseline', 'dropout'])
  })

  it('predicts a drawing with every compared run, refuses a file that is no image, measures robustness and exports ONNX', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    mkdirSync(SHOTS, { recursive: true })
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()

    // Draw a vertical stroke, like a "1" or a trouser leg.
    const canvas = page.locator('canvas.try-canvas')
    await canvas.first().scrollIntoViewIfNeeded()
    const box = (await canvas.first().boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2)
    await page.mouse.down()
    for (let k = 1; k <= 12; k++) await page.mouse.move(box.x + box.width / 2, box.y + box.height * (0.2 + (0.6 * k) / 12))
    await page.mouse.up()

    const table = page.locator('.try-table')
    await table.waitFor()
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['class', 'baseline', 'dropout'])
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10)
    const column = async (k: number): Promise<number> =>
      (await table.locator(`tbody td:nth-of-type(${k}) .try-value`).allInnerTexts()).reduce((s, t) => s + Number(t.replace('%', '')), 0)
    // Each run's ten probabilities, rounded to whole percents, add up to about 100.
    expect(Math.abs((await column(1)) - 100)).toBeLessThanOrEqual(6)
    expect(Math.abs((await column(2)) - 100)).toBeLessThanOrEqual(6)
    const before = await table.innerText()
    await page.locator('.try-it').screenshot({ path: join(SHOTS, 'try-it-drawn.png') })

    // A text file is refused in one line; the drawing and the probabilities stay.
    const notImage = join(session.dir, 'notes.png')
    await writeFile(notImage, 'these are notes, not pixels')
    await page.getByLabel('Image to try').setInputFiles(notImage)
    await expect.poll(() => page.locator('.try-it [role=alert]').innerText()).toBe('notes.png is not a PNG, JPEG, GIF or WebP image')
    expect(await table.innerText()).toBe(before)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => table.count()).toBe(0)

    // Robustness: measured on demand, then one chart per perturbation.
    await page.getByRole('button', { name: /Measure robustness \(2 runs\)/ }).click()
    await page.getByRole('button', { name: 'Measured' }).waitFor({ timeout: 240_000 })
    const charts = page.locator('section[aria-labelledby=robustness-title] figcaption span')
    expect(await charts.allInnerTexts()).toEqual([
      'Gaussian pixel noise: test accuracy',
      'Shift: test accuracy',
      'Occlusion by a black square: test accuracy',
      'Contrast loss: test accuracy'
    ])

    // Export: the host's file, downloaded under the run's name.
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export baseline as ONNX' }).click()
    const file = await download
    expect(file.suggestedFilename()).toMatch(/^baseline-.+\.onnx$/)
    expect(await page.getByRole('status').filter({ hasText: 'Downloaded baseline-' }).count()).toBe(1)
    expect(errors).toEqual([])
  }, 420_000)
})
