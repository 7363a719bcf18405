import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderHtmlReport } from '../../../../../src/main/core/reports/htmlReport'
import { evaluation, history, model, summary } from './fixtures'
import { CHROMIUM_MISSING, findChromium, launchChromium } from '../../../../e2e/support/browser'
import { withAggregates } from '../../../../../src/shared/studyAggregates'
import { repeatedSummary } from '../../../shared/repeatedStudy'

const executablePath = findChromium()

function study() {
  const early = model('dropout', {
    trainAccuracy: 0.91,
    testAccuracy: 0.895,
    history: history([0.42, 0.35, 0.33, 0.34, 0.36]),
    bestEpoch: 3,
    epochsRun: 5,
    stoppedEarly: true,
    evaluation: evaluation(0.91, 0.895)
  })
  return summary([
    model('baseline', { trainAccuracy: 0.97, testAccuracy: 0.885, history: history([0.4, 0.33, 0.31, 0.34, 0.39, 0.45]) }),
    model('l1', { trainAccuracy: 0.87, testAccuracy: 0.861, evaluation: evaluation(0.87, 0.861, 0.38) }),
    early,
    model('</script><img src=x onerror=alert(1)>', { history: history([undefined, undefined, undefined]), valAccuracy: null, valLoss: null })
  ])
}

describe('HTML report in headless Chromium', () => {
  let browser: Browser | undefined
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-report-'))
    if (executablePath) browser = await launchChromium(executablePath)
  })

  afterAll(async () => {
    await browser?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('draws every figure and sample image without a script, offline, in light, dark and print', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const pixels = Array.from({ length: 10 }, (_, k) => Array.from({ length: 784 }, (_, p) => ((p % 28) * 9 + k * 10) % 256))
    const file = join(dir, 'report.html')
    await writeFile(file, renderHtmlReport(study(), { samplesPixels: pixels }))

    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    const foreignRequests: string[] = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`))
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && foreignRequests.push(r.url()))

    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    const state = await page.evaluate(() => ({
      figures: [...document.querySelectorAll('figure')].map((f) => {
        const svg = f.querySelector('svg')!.getBoundingClientRect()
        const drawn = [...f.querySelectorAll('polyline')].reduce((n, l) => n + (l as SVGPolylineElement).getTotalLength(), 0) + f.querySelectorAll('rect').length
        return { id: f.id, width: svg.width, height: svg.height, drawn }
      }),
      images: [...document.images].map((img) => ({ complete: img.complete, width: img.naturalWidth, height: img.naturalHeight })),
      scripts: document.querySelectorAll('script:not([type="application/json"])').length
    }))

    expect(errors).toEqual([])
    expect(foreignRequests).toEqual([])
    expect(state.scripts).toBe(0)
    expect(state.images).toEqual(Array.from({ length: 10 }, () => ({ complete: true, width: 28, height: 28 })))
    expect(state.figures.map((f) => f.id)).toEqual(['chart-loss', 'chart-accuracy', 'chart-bars', 'chart-weights'])
    for (const f of state.figures) {
      expect(f.width, f.id).toBeGreaterThan(300)
      expect(f.height, f.id).toBeGreaterThan(100)
      expect(f.drawn, `${f.id} draws lines or bars`).toBeGreaterThan(0)
    }

    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(lightBg)
    // Printed: A4 pages, light, every figure within the page width.
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' })
    const printed = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      widest: Math.max(...[...document.querySelectorAll('figure svg')].map((f) => f.getBoundingClientRect().width))
    }))
    expect(printed.bg).toBe('rgb(255, 255, 255)')
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0
    expect(pages).toBeGreaterThan(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('draws the error bars and bands of a study with repeats without errors', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const file = join(dir, 'repeats.html')
    await writeFile(file, renderHtmlReport(withAggregates(repeatedSummary())))
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`))
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
    const drawn = await page.evaluate(() =>
      ['chart-variant-bars', 'chart-mean-accuracy', 'chart-mean-loss'].map((id) => {
        const f = document.getElementById(id)!
        return f.querySelectorAll('rect, polyline, polygon').length * (f.querySelector('svg')!.getBoundingClientRect().width > 0 ? 1 : 0)
      })
    )
    if (process.env.REPORT_SCREENSHOT) {
      await page.locator('#repeats').screenshot({ path: `${process.env.REPORT_SCREENSHOT}-light.png` })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.locator('#repeats').screenshot({ path: `${process.env.REPORT_SCREENSHOT}-dark.png` })
    }
    expect(errors).toEqual([])
    for (const n of drawn) expect(n).toBeGreaterThan(0)
    await page.close()
  })
})
