import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
import { buildSummary } from '../../../../../src/main/core/studio/reportExport'
import { numberedClassNames } from '../../../../../src/shared/classNames'
import { renderHtmlReport } from '../../../../../src/main/core/reports/htmlReport'
import type { RunRecord } from '../../../../../src/shared/results'
import { PRESETS } from '../../../../../src/shared/presets'
import { storeFinishedRun } from '../../../../support/storedRuns'

const QUICK = { source: 'bundled; a seeded stratified subset of 10,000 train images and 2,000 test images (seed 42)', fingerprint: 'a'.repeat(64), train: 9000, validation: 1000, test: 2000 }
const FULL = { source: 'bundled', fingerprint: 'b'.repeat(64), train: 54000, validation: 6000, test: 10000 }

describe('a report of picked runs', () => {
  let dir: string
  let store: RunStore

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-report-export-'))
    store = new RunStore(dir)
    await store.init()
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  async function finished(name: string, dataset: RunRecord['dataset'], seed?: number, testAccuracy?: number): Promise<RunRecord> {
    return storeFinishedRun(store, name, { dataset, ...(seed === undefined ? {} : { spec: { ...PRESETS.seed[0], name, seed } }) }, testAccuracy)
  }

  it('names the data of runs trained on other data, and tells two tries of a variant apart', async () => {
    // Different accuracies: a best run is named only when it beats another.
    const a = await finished('baseline', QUICK, undefined, 0.85)
    const b = await finished('l2', QUICK, undefined, 0.86)
    const c = await finished('l2', FULL, undefined, 0.87)
    const summary = await buildSummary(store, [a.id, b.id, c.id], [])
    const [first, second] = ['l2 #1', 'l2 #2']
    expect(summary.models.map((m) => m.name)).toEqual(['baseline', first, second])
    expect(summary.dataset).toMatchObject({ fingerprint: QUICK.fingerprint })
    expect(summary.otherDatasets).toEqual([{ ...FULL, classNames: numberedClassNames(10), models: [second] }])

    const html = renderHtmlReport(summary)
    expect(html).toContain(`<dt>Dataset: baseline, ${first}</dt>`)
    expect(html).toContain(`<dt>Other data: ${second}</dt><dd>bundled; 54,000 train · 6,000 validation · 10,000 test;`)
    expect(html).toContain('Compared runs · 3 runs of 2 variants ·')
    expect(html).toMatch(/Best test accuracy: [^<]*, but these runs were tested on different data/)
  })

  it('keeps one dataset and plain names when the runs share their data and names differ', async () => {
    const a = await finished('dropout', FULL)
    const b = await finished('l1', FULL)
    const summary = await buildSummary(store, [a.id, b.id], [])
    expect(summary.models.map((m) => m.name)).toEqual(['dropout', 'l1'])
    expect(summary.otherDatasets).toBeUndefined()
    expect(renderHtmlReport(summary)).not.toContain('tested on different data')
    // A run asked for twice is reported once.
    expect((await buildSummary(store, [a.id, a.id, b.id], [])).models.map((m) => m.name)).toEqual(['dropout', 'l1'])
  })

  it('gives every seed of runs made with different seeds, and dates the report by the first run', async () => {
    const a = await finished('baseline', FULL)
    const b = await finished('dropout', FULL, 7)
    const html = renderHtmlReport(await buildSummary(store, [b.id, a.id], []))
    expect(a.spec.seed).toBe(42)
    expect(html).toContain('· 2 runs · seeds 7, 42</p>')
    // Each variant row gives its seed: the runs differ in nothing else.
    const variants = /<section id="variants">[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
    expect(variants).toContain('<th>Seed</th>')
    expect(variants.match(/<td>(7|42)<\/td>/g)).toEqual(['<td>7</td>', '<td>42</td>'])
    expect(html).toContain(`<dt>First run created</dt><dd>${a.createdAt}</dd>`)
    expect(renderHtmlReport(await buildSummary(store, [a.id], []))).toContain('· 1 run · seed 42</p>')
  })
})
