/**
 * Datasets of their own K in the browser: a 12-class set named by classes.txt and a 47-class set,
 * each trained briefly with `regstudio study`; the Data view and Compare show their classes, and
 * the 47-class confusion matrix is the compact heat map.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { writeIdxDataset } from '../support/idxDataset'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { runCli } from './support/serveProcess'
import { serveWithBrowser } from './support/session'

const NAMES = ['apple', 'bee', 'cat', 'dog', 'egg', 'fig', 'goat', 'hat', 'ink', 'jam', 'kite', 'lamp']
const SHOTS = '/work/shots/data18'

async function study(dir: string, name: string, classes: number, classNames?: string[]): Promise<void> {
  const data = join(dir, name)
  await mkdir(data, { recursive: true })
  const [trainImages, trainLabels, testImages, testLabels] = await writeIdxDataset(data, { classes, train: 20 * classes, test: 6 * classes, classNames })
  const r = await runCli(['study', '--train', trainImages, trainLabels, '--test', testImages, testLabels, ...(classNames ? ['--classes', join(data, 'classes.txt')] : []),
    '--variants', 'baseline', '--epochs', '1', '--workspace', join(dir, 'ws'), '--backend', 'wasm'])
  if (r.code !== 0) throw new Error(r.stderr)
}

async function shoot(page: Page, file: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, file), fullPage: true })
}

describe('datasets with their own classes', () => {
  const session = serveWithBrowser('classes', [], async (dir) => {
    await study(dir, 'twelve', 12, NAMES)
    await study(dir, 'fortyseven', 47)
  })

  it('shows 12 named classes and 47 numbered ones in the Data view and in Compare', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1440, height: 900 } })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    const select = page.getByRole('combobox').first()
    for (const [k, label] of [[12, 'twelve'], [47, 'fortyseven']] as const) {
      await page.getByTestId('class-names').waitFor()
      const heading = await page.locator('#class-names-title').innerText()
      if (!heading.startsWith(`${k} classes`)) {
        // The newest import is current; pick the other one from the dataset menu.
        const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
        for (const value of values) {
          await select.selectOption(value)
          if ((await page.locator('#class-names-title').innerText()).startsWith(`${k} classes`)) break
        }
      }
      await expect.poll(() => page.locator('#class-names-title').innerText()).toMatch(new RegExp(`^${k} classes`))
      await expect.poll(() => page.getByTestId('class-balance').locator('tbody tr').count()).toBe(k)
      if (k === 12) expect(await page.getByTestId('class-names').innerText()).toContain('lamp')
      await shoot(page, `data-${label}.png`)
    }
    // The default pick is the latest study's run: tick the other one too.
    const ticks = page.getByRole('complementary', { name: 'Runs' }).getByRole('checkbox')
    await expect.poll(() => ticks.count()).toBe(2)
    for (const tick of await ticks.all()) if (!(await tick.isChecked())) await tick.check()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()
    const shown = page.getByRole('group', { name: 'Run shown' }).getByRole('button')
    await expect.poll(() => shown.count()).toBe(2)
    const seen: number[] = []
    for (const i of [0, 1]) {
      await shown.nth(i).click()
      const matrix = page.locator('.confusions table').first()
      // The runs' order follows the selection; each run's matrix is sized by its own dataset.
      await expect.poll(() => matrix.locator('tbody tr').count().then((n) => n === 12 || n === 47)).toBe(true)
      const k = await matrix.locator('tbody tr').count()
      seen.push(k)
      expect(await matrix.evaluate((t) => t.classList.contains('compact'))).toBe(k > 20)
      if (k === 12) expect(await matrix.locator('tbody th').last().innerText()).toBe('lamp')
      await shoot(page, `compare-${k === 12 ? 'twelve' : 'fortyseven'}.png`)
    }
    expect(seen.sort((a, b) => a - b)).toEqual([12, 47])
    // The export panel names the two baseline runs as the table does, so each button says which run it saves.
    const exportNames = await page.locator('.export-name').allInnerTexts()
    expect(exportNames).toEqual(await shown.allInnerTexts().then((names) => names.map((n) => n.trim())))
    expect(new Set(exportNames).size).toBe(2)
    expect(errors).toEqual([])
  }, 240_000)
})
