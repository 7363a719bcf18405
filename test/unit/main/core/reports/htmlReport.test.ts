import { describe, expect, it } from 'vitest'
import { renderHtmlReport } from '../../../../../src/main/core/reports/htmlReport'
import { runColors, SPLIT_COLORS } from '../../../../../src/shared/chartStyle'
import { UserError } from '../../../../../src/shared/errors'
import { COMPARED_RUNS } from '../../../../../src/shared/studySummary'
import { evaluation, history, model, summary } from './fixtures'
import { withAggregates } from '../../../../../src/shared/studyAggregates'
import { repeatedSummary } from '../../../shared/repeatedStudy'

const HOSTILE = '</script><img src=x onerror=alert(1)>'

function study() {
  return summary(
    [
      model('baseline', { trainAccuracy: 0.9712, testAccuracy: 0.8934, valAccuracy: 0.9011, bestEpoch: 5, epochsRun: 5, seconds: 42.5 }),
      model(HOSTILE, {
        trainAccuracy: 0.9,
        testAccuracy: 0.88,
        valAccuracy: null,
        valLoss: null,
        history: history([undefined, undefined]),
        evaluation: evaluation(0.9, 0.88, 0.4)
      })
    ],
    { dataset: { source: 'drop <b>here</b> & "there"', fingerprint: 'f'.repeat(64), train: 54000, validation: 6000, test: 10000 } }
  )
}

/** Substring checks that print the needle, not the 200 kB report, on failure. */
function expectIn(html: string, needle: string): void {
  expect(html.includes(needle), `report should contain ${needle}`).toBe(true)
}
function expectNotIn(html: string, needle: string): void {
  expect(html.includes(needle), `report should not contain ${needle}`).toBe(false)
}

/** Text of the cells of the results-table row whose first cell ends with the given (escaped) name. */
function resultRow(html: string, escapedName: string): string[] {
  const start = html.indexOf('id="results"')
  const table = html.slice(start, html.indexOf('</table>', start))
  const row = table.split('<tr').find((r) => r.includes(`</span>${escapedName}<`))
  if (!row) throw new Error(`no row for ${escapedName}`)
  return [...row.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => m[1].replace(/<span class="tag">.*?<\/span>|<[^>]+>/g, ''))
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(study(), { generatedAt: new Date('2025-02-03T04:05:06Z') })

  it('renders the results table server-side with the right numbers', () => {
    expect(resultRow(html, 'baseline')).toEqual([
      'baseline', '97.1%', '90.1%', '89.3%', '7.8', '0.1400', '0.3300', '0.3500', '5', '5', '42.5', '29.5'
    ])
    const hostileRow = resultRow(html, '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(hostileRow.slice(1, 5)).toEqual(['90.0%', '—', '88.0%', '2.0'])
  })

  it('never writes a negative zero: a gap that rounds to nothing reads 0.0', () => {
    const tied = renderHtmlReport(summary([model('baseline', { trainAccuracy: 0.8069, testAccuracy: 0.807 }), model('l2', { testAccuracy: 0.9 })]))
    expect(resultRow(tied, 'baseline')[4]).toBe('0.0')
    expect(tied.match(/[-\u2212]0\.0+(?![\d.])/g)).toBeNull()
  })

  it('marks the best run only when it beats another', () => {
    expect(html.match(/class="best-row"/g)).toHaveLength(1)
    expectIn(html, 'Best test accuracy: baseline (89.3%)')
    const single = renderHtmlReport(summary([model('baseline')]))
    expectNotIn(single, 'class="best-row"')
    expectNotIn(single, 'Best test accuracy')
  })

  it('escapes user strings everywhere, including inside the embedded JSON', () => {
    expectNotIn(html, '<img')
    expectIn(html, 'drop &lt;b&gt;here&lt;/b&gt; &amp; &quot;there&quot;')
    const open = html.indexOf('id="study-data">') + 'id="study-data">'.length
    const json = html.slice(open, html.indexOf('</script>', open))
    expect(json).not.toMatch(/[<>]/)
    expect(JSON.parse(json).summary.models[1].name).toBe(HOSTILE)
  })

  it("draws with the app's conventions: run colours, split colours, training dashed", () => {
    const curves = html.slice(html.indexOf('id="chart-accuracy"'), html.indexOf('</figure>', html.indexOf('id="chart-accuracy"')))
    const [baselineColor, hostileColor] = runColors(['baseline', HOSTILE])
    // Per run: training dashed, validation solid (none for the run without validation), the kept epoch marked.
    expect(curves.match(new RegExp(`<polyline class="line  dashed" style="fill: ${baselineColor}`, 'g'))).toHaveLength(1)
    expect(curves.match(new RegExp(`<polyline class="line " style="fill: ${baselineColor}`, 'g'))).toHaveLength(1)
    expect(curves.match(new RegExp(`<polyline class="line[^"]*" style="fill: ${hostileColor}`, 'g'))).toHaveLength(1)
    expect(curves.match(/<circle class="mark/g)).toHaveLength(2)
    const bars = html.slice(html.indexOf('id="chart-bars"'), html.indexOf('</figure>', html.indexOf('id="chart-bars"')))
    for (const color of Object.values(SPLIT_COLORS)) expectIn(bars, `fill: ${color}`)
    expectIn(bars, '>gap 7.8 pts</text>')
    expectIn(html, 'Solid: validation; dashed: training.')
  })

  it('heads runs picked in the app as compared runs, not with an internal study id', () => {
    const picked = renderHtmlReport({ ...study(), preset: COMPARED_RUNS })
    expectIn(picked, '<p class="subtitle">Compared runs · 2 runs')
    expectIn(picked, '<title>Regularization study: baseline, &lt;/script&gt;')
    expectIn(html, '<p class="subtitle">Preset <strong>')
  })

  it('is self-contained and runs no script: figures are inline SVG, no external URLs in src or href', () => {
    expect(html.match(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//gi)).toBeNull()
    expectIn(html, "default-src 'none'")
    expectNotIn(html, 'script-src')
    // The only script element is the embedded data, which is never executed.
    expect(html.match(/<script[\s>]/g)).toEqual(['<script '])
    expectIn(html, '<script type="application/json" id="study-data">')
    expectNotIn(html, '<canvas')
    expect(html.match(/<svg class="line-chart/g)).toHaveLength(4)
  })

  it('includes observations, confusion matrices, per-class accuracy, weights and the generated-at line', () => {
    // Accuracies written as the results table writes them: percentages with one decimal.
    expectIn(html, 'baseline: test accuracy 89.3%; train-test gap 7.8 points')
    expectIn(html, '40% of hidden weights are near zero (baseline 2%)')
    expect(html.match(/<table class="heat confusion">/g)).toHaveLength(2)
    // Data of no known name (no classNames recorded, not the bundled set): classes by number, never Fashion-MNIST's.
    expectIn(html, 'title="true 4, predicted 5: 14 (14.0% of row)">14</td>')
    // A class named by its number is shown once: "4", not "4 4".
    expectIn(html, '<th class="row" title="4">4</th>')
    expect(html).not.toContain('Coat')
    expectIn(html, 'id="per-class"')
    expectIn(html, '<td class="text">dense_1</td><td>784×512</td><td>401,408</td><td>40.0%</td>')
    expectIn(html, 'Generated by Regularization Studio at 2025-02-03T04:05:06.000Z.')
    expectNotIn(html, 'data-sample=')
  })

  it('shows sample pixels as PNG images when given', () => {
    const pixels = Array.from({ length: 10 }, (_, k) => Array.from({ length: 784 }, (_, p) => (p * k) % 256))
    const withImages = renderHtmlReport(study(), { samplesPixels: pixels })
    const images = [...withImages.matchAll(/<img src="data:image\/png;base64,([^"]+)" width="28" height="28"/g)].map((m) => Buffer.from(m[1], 'base64'))
    expect(images).toHaveLength(10)
    // A PNG of 28 × 28 pixels (IHDR width and height).
    expect(images[3].subarray(1, 4).toString('ascii')).toBe('PNG')
    expect([images[3].readUInt32BE(16), images[3].readUInt32BE(20)]).toEqual([28, 28])
  })

  it('rejects sample pixels of the wrong shape with a UserError', () => {
    expect(() => renderHtmlReport(study(), { samplesPixels: [[1, 2, 3]] })).toThrow(UserError)
    expect(() => renderHtmlReport(study(), { samplesPixels: [new Array(784).fill(300)] })).toThrow(/0 to 255/)
  })

  it('renders an empty study without failing', () => {
    const empty = renderHtmlReport(summary([]))
    expectIn(empty, 'No models in this study.')
    expectNotIn(empty, '<canvas')
  })
})

describe('renderHtmlReport with repeats', () => {
  it('adds the variant aggregates, the verdict table and the error-bar and band charts', () => {
    const s = withAggregates(repeatedSummary())
    const html = renderHtmlReport(s)
    expectIn(html, '<section id="repeats">')
    expectIn(html, 'id="variant-aggregates"')
    expectIn(html, 'id="verdicts"')
    expectIn(html, 'id="chart-variant-bars"')
    expectIn(html, 'id="chart-mean-accuracy"')
    expectIn(html, 'id="chart-mean-loss"')
    expectIn(html, `${(s.variants![1].testAccuracy.mean * 100).toFixed(1)}% ± ${(s.variants![1].testAccuracy.std * 100).toFixed(1)}`)
    for (const c of s.comparisons!) expectIn(html, c.verdict)
    expectIn(html, 'Highest mean test accuracy: dropout (90.0% ± 0.7 over 3 runs)')
    // Mean curves: per variant, a training and a validation line, each with its ±1 std band.
    const mean = html.slice(html.indexOf('id="chart-mean-accuracy"'), html.indexOf('</figure>', html.indexOf('id="chart-mean-accuracy"')))
    expect(mean.match(/<polyline class="line/g)).toHaveLength(4)
    expect(mean.match(/<polygon class="band/g)?.length).toBeGreaterThan(0)
    const bars = html.slice(html.indexOf('id="chart-variant-bars"'), html.indexOf('</figure>', html.indexOf('id="chart-variant-bars"')))
    expect(bars.match(/class="error-bar"/g)).toHaveLength(2)
  })

  it('holds a 95 % interval near 100 % to 100 %, in the table and the error bars', () => {
    const s = withAggregates(repeatedSummary())
    const high = { ...s.variants![1], testAccuracy: { ...s.variants![1].testAccuracy, mean: 0.995, ci95: [0.98, 1.012] as [number, number] } }
    const html = renderHtmlReport({ ...s, variants: [s.variants![0], high] })
    expectIn(html, '<td>98.0% to 100.0%</td>')
    expectNotIn(html, '101.2%')
  })

  it('leaves the single-run report as it was', () => {
    const html = renderHtmlReport(withAggregates(study()))
    expectNotIn(html, 'id="repeats"')
    expectNotIn(html, '"repeats":')
  })
})
