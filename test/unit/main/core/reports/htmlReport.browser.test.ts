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

  it('draws every chart and sample image without errors, offline, in light and dark', async (ctx) => {
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
    const state = await page.evaluate(() => {
      const chartJs = (window as unknown as { Chart: { instances: Record<string, unknown> } }).Chart
      const canvases = [...document.querySelectorAll('canvas')].map((c) => {
        const r = c.getBoundingClientRect()
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        let painted = 0
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++
        return { id: c.id || `sample-${c.getAttribute('data-sample')}`, width: r.width, height: r.height, painted }
      })
      return { charts: Object.keys(chartJs.instances).length, canvases, images: document.images.length }
    })

    expect(errors).toEqual([])
    expect(foreignRequests).toEqual([])
    expect(state.images).toBe(0)
    expect(state.charts).toBe(4)
    expect(state.canvases.map((c) => c.id)).toEqual([
      'chart-loss', 'chart-accuracy', 'chart-bars', 'chart-weights',
      ...Array.from({ length: 10 }, (_, k) => `sample-${k}`)
    ])
    for (const c of state.canvases) {
      expect(c.width, c.id).toBeGreaterThan(0)
      expect(c.height, c.id).toBeGreaterThan(0)
      expect(c.painted, `${c.id} has drawn pixels`).toBeGreaterThan(0)
    }

    const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.emulateMedia({ colorScheme: 'dark' })
    const dark = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      charts: Object.keys((window as unknown as { Chart: { instances: Record<string, unknown> } }).Chart.instances).length
    }))
    expect(dark.bg).not.toBe(lightBg)
    expect(dark.charts).toBe(4)
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
    const painted = await page.evaluate(() =>
      ['chart-variant-bars', 'chart-mean-accuracy', 'chart-mean-loss'].map((id) => {
        const c = document.getElementById(id) as HTMLCanvasElement
        const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        let n = 0
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++
        return n
      })
    )
    if (process.env.REPORT_SCREENSHOT) {
      await page.locator('#repeats').screenshot({ path: `${process.env.REPORT_SCREENSHOT}-light.png` })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.locator('#repeats').screenshot({ path: `${process.env.REPORT_SCREENSHOT}-dark.png` })
    }
    expect(errors).toEqual([])
    for (const n of painted) expect(n).toBeGreaterThan(0)
    await page.close()
  })
})
