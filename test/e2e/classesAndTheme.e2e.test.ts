/**
 * A 12-class dataset given as `regstudio study --data DIR` with its classes.txt, trained twice (two
 * seeds), beside a 4-class set named by numbers: the charts follow a light/dark switch made while
 * they are shown, numbered classes read once ("3"), and repeats carry one name in the sidebar and in
 * Compare. Screenshots at 1440 px, light and dark.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { encodeIdxImages, encodeIdxLabels } from '../../src/main/core/datasets/writers'
import { writeIdxDataset } from '../support/idxDataset'
import { syntheticSet } from '../support/synthetic'
import { collectPageErrors, CHROMIUM_MISSING } from './support/browser'
import { runCli } from './support/serveProcess'
import { serveWithBrowser } from './support/session'

const NAMES = ['apple', 'bee', 'cat', 'dog', 'egg', 'fig', 'goat', 'hat', 'ink', 'jam', 'kite', 'lamp']
const SHOTS = '/work/shots/polish'
/** The app's --border in each scheme (app.css): the colour Chart.js draws grid lines in. */
const GRID = { light: [0xe2, 0xe8, 0xf0], dark: [0x1f, 0x29, 0x37] } as const

async function cli(args: string[]): Promise<void> {
  const r = await runCli(args)
  if (r.code !== 0) throw new Error(r.stderr)
}

/** 12 classes under the names MNIST publishes its files as, with classes.txt in the folder. */
async function twelveClassFolder(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  for (const [prefix, set] of [['train', syntheticSet(240, 1, 12)], ['t10k', syntheticSet(72, 2, 12)]] as const) {
    await writeFile(join(dir, `${prefix}-images-idx3-ubyte.gz`), gzipSync(encodeIdxImages(set.images, set.count)))
    await writeFile(join(dir, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(encodeIdxLabels(set.labels)))
  }
  await writeFile(join(dir, 'classes.txt'), `${NAMES.join('\n')}\n`)
  return dir
}

async function shoot(page: Page, file: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, file), fullPage: true })
}

/** How many pixels of the first chart have exactly this colour. */
function pixelsOf(page: Page, rgb: readonly number[]): Promise<number> {
  return page
    .locator('.chart-box canvas')
    .first()
    .evaluate((canvas, [r, g, b]) => {
      const c = canvas as HTMLCanvasElement
      const data = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++
      return n
    }, rgb)
}

async function openCompare(page: Page): Promise<void> {
  // The sidebar lists the 4-class run and the 12-class study's repeats (collapsed); the latter are compared by default.
  await page.locator('.repeat-head').waitFor()
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()
}

describe('a named 12-class folder, a numbered 4-class set, and the colour scheme', () => {
  const session = serveWithBrowser('polish', [], async (dir) => {
    const workspace = join(dir, 'ws')
    await mkdir(join(dir, 'four'), { recursive: true })
    const four = await writeIdxDataset(join(dir, 'four'), { classes: 4, train: 80, test: 24 })
    await cli(['study', '--train', four[0], four[1], '--test', four[2], four[3], '--variants', 'baseline', '--epochs', '1', '--workspace', workspace, '--backend', 'wasm'])
    const twelve = await twelveClassFolder(join(dir, 'twelve'))
    await cli(['study', '--data', twelve, '--repeats', '2', '--variants', 'baseline', '--epochs', '1', '--workspace', workspace, '--backend', 'wasm'])
  })

  it('redraws chart grid lines in the new scheme\'s colour when it changes while they are shown', async (ctx) => {
    ctx.skip(!session.browser, CHROMIUM_MISSING)
    const page = await (session.browser as Browser).newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
    const errors = collectPageErrors(page)
    await page.goto(session.serve.url)
    await openCompare(page)
    await page.locator('.chart-box canvas').first().scrollIntoViewIfNeeded()
    await expect.poll(() => pixelsOf(page, GRID.light)).toBeGreaterThan(100)
    expect(await pixelsOf(page, GRID.dark)).toBe(0)
    await shoot(page, 'chart-theme-1-light.png')

    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(() => pixelsOf(page, GRID.dark)).toBeGreaterThan(100)
    expect(await pixelsOf(page, GRID.light)).toBe(0)
    await shoot(page, 'chart-theme-2-switched-to-dark.png')

    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(() => pixelsOf(page, GRID.light)).toBeGreaterThan(100)
    expect(await pixelsOf(page, GRID.dark)).toBe(0)
    expect(errors).toEqual([])
  }, 120_000)

  for (const scheme of ['light', 'dark'] as const) {
    it(`shows the classes once each and names repeats by seed everywhere (${scheme})`, async (ctx) => {
      ctx.skip(!session.browser, CHROMIUM_MISSING)
      const page = await (session.browser as Browser).newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme })
      const errors = collectPageErrors(page)
      await page.goto(session.serve.url)
      const rows = page.getByTestId('class-balance').locator('tbody th')
      const select = page.getByRole('combobox').first()
      for (const k of [12, 4]) {
        await page.getByTestId('class-names').waitFor()
        if (!(await page.locator('#class-names-title').innerText()).startsWith(`${k} classes`)) {
          for (const value of await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))) {
            await select.selectOption(value)
            if ((await page.locator('#class-names-title').innerText()).startsWith(`${k} classes`)) break
          }
        }
        await expect.poll(() => rows.count()).toBe(k)
        const labels = (await rows.allInnerTexts()).map((t) => t.trim())
        // Named classes as number and name; numbered ones as the number alone, never "3 3".
        expect(labels).toEqual(k === 12 ? NAMES.map((n, i) => `${i} ${n}`) : ['0', '1', '2', '3'])
        const listed = (await page.getByTestId('class-names').locator('li').allInnerTexts()).map((t) => t.trim())
        expect(listed).toEqual(k === 12 ? NAMES.map((n, i) => `${i} ${n}`) : ['0', '1', '2', '3'])
        await shoot(page, `data-${k === 12 ? 'twelve-named' : 'four-numbered'}-${scheme}.png`)
      }

      await openCompare(page)
      const shown = page.getByRole('group', { name: 'Run shown' }).getByRole('button')
      await expect.poll(() => shown.allInnerTexts()).toEqual(['baseline · seed 42', 'baseline · seed 43'])
      const head = page.locator('.repeat-head').first()
      if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click()
      const sidebarNames = page.getByRole('complementary', { name: 'Runs' }).locator('.repeat-group ul .run-name')
      expect((await sidebarNames.allInnerTexts()).map((t) => t.trim())).toEqual(['baseline · seed 42', 'baseline · seed 43'])
      await expect.poll(() => page.locator('.confusions table').first().locator('tbody tr').count()).toBe(12)
      await shoot(page, `compare-twelve-${scheme}.png`)
      expect(errors).toEqual([])
    }, 120_000)
  }
})
