import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
import { buildSummary } from '../../../../../src/main/core/studio/reportExport'
import { renderHtmlReport } from '../../../../../src/main/core/reports/htmlReport'
import type { RunRecord } from '../../../../../src/shared/results'
import { details } from '../../../renderer/lib/runFixtures'

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

  /** A finished run stored as a trainer would leave it. */
  async function finished(name: string, dataset: RunRecord['dataset']): Promise<RunRecord> {
    const made = details(name, { name, dataset })
    const { id: _id, createdAt: _createdAt, ...fields } = made.record
    const record = await store.create({ ...fields, status: 'running' })
    for (const h of made.history) await store.appendEpoch(record.id, h)
    await store.saveEvaluation(record.id, made.evaluation!)
    return store.update(record.id, { status: 'finished' })
  }

  it('names the data of runs trained on other data, and tells two tries of a variant apart', async () => {
    const a = await finished('baseline', QUICK)
    const b = await finished('l2', QUICK)
    const c = await finished('l2', FULL)
    const summary = await buildSummary(store, [a.id, b.id, c.id])
    const [first, second] = ['l2 #1', 'l2 #2']
    expect(summary.models.map((m) => m.name)).toEqual(['baseline', first, second])
    expect(summary.dataset).toMatchObject({ fingerprint: QUICK.fingerprint })
    expect(summary.otherDatasets).toEqual([{ ...FULL, models: [second] }])

    const html = renderHtmlReport(summary)
    expect(html).toContain(`<dt>Dataset: baseline, ${first}</dt>`)
    expect(html).toContain(`<dt>Other data: ${second}</dt><dd>bundled; 54,000 train · 6,000 validation · 10,000 test;`)
  })

  it('keeps one dataset and plain names when the runs share their data and names differ', async () => {
    const a = await finished('dropout', FULL)
    const b = await finished('l1', FULL)
    const summary = await buildSummary(store, [a.id, b.id])
    expect(summary.models.map((m) => m.name)).toEqual(['dropout', 'l1'])
    expect(summary.otherDatasets).toBeUndefined()
  })
})
