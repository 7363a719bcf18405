import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestName, RunListItem } from '../../../../src/shared/api'
import { PIXELS } from '../../../../src/shared/dataset'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { clientOf, untrainableStudio } from '../../../support/studioClient'
import { CompareState } from '../../../../src/renderer/src/state/compare.svelte'
import { evaluation, history, item } from '../lib/runFixtures'
import { numberedClassNames } from '../../../../src/shared/classNames'

describe('CompareState', () => {
  let dir: string
  let studio: Studio
  let finishedId: string
  let runningId: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-compare-'))
    studio = untrainableStudio(dir)
    await studio.init()
    const base = item('x').record
    const finished = await studio.store.create({ ...base, name: 'baseline', status: 'running', epochsRun: 0 })
    for (const h of history(3)) await studio.store.appendEpoch(finished.id, h)
    await studio.store.saveEvaluation(finished.id, evaluation(0.9, 0.85))
    await studio.store.update(finished.id, { status: 'finished', epochsRun: 3, bestEpoch: 3, endedAt: '2026-01-01T00:05:00.000Z' })
    finishedId = finished.id
    runningId = (await studio.store.create({ ...base, name: 'l1', status: 'running', epochsRun: 0 })).id
  })

  afterAll(async () => {
    await studio.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  async function listed(): Promise<RunListItem[]> {
    const response = await studio.handle('runs.list', {})
    if (!response.ok) throw new Error(response.error.message)
    return response.result as RunListItem[]
  }

  it('loads details in the order asked and fetches a finished run only once', async () => {
    const calls: RequestName[] = []
    const state = new CompareState(clientOf(studio, calls))
    const items = (await listed())
    const order = [runningId, finishedId].map((id) => items.find((i) => i.record.id === id)!)
    await state.load(order)
    expect(state.runs.map((d) => d.record.name)).toEqual(['l1', 'baseline'])
    expect(state.runs[1].history).toHaveLength(3)
    expect(state.runs[1].evaluation?.testAccuracy).toBe(0.85)
    const first = state.runs
    await state.load(order)
    expect(calls.filter((c) => c === 'runs.get')).toHaveLength(3)
    expect(state.runs[1]).toBe(first[1])
    expect(state.loading).toBe(false)
    expect(state.error).toBeNull()
  })

  it('refetches a cached run when its record changes, and after forget()', async () => {
    const calls: RequestName[] = []
    const state = new CompareState(clientOf(studio, calls))
    const finished = (await listed()).find((i) => i.record.id === finishedId)!
    await state.load([finished])
    await state.load([{ record: { ...finished.record, epochsRun: 4 } }])
    state.forget(finishedId)
    await state.load([finished])
    expect(calls).toEqual(['runs.get', 'runs.get', 'runs.get'])
  })

  it('reports a failed load as a message and keeps the last good runs', async () => {
    const state = new CompareState(clientOf(studio, []))
    await state.load([(await listed()).find((i) => i.record.id === finishedId)!])
    await state.load([item('run-that-does-not-exist')])
    expect(state.error).toMatch(/run-that-does-not-exist|no run|not found|invalid/i)
    expect(state.runs).toHaveLength(1)
  })

  it('lets the latest of two overlapping loads win', async () => {
    const state = new CompareState(clientOf(studio, []))
    const items = (await listed())
    const first = state.load([items.find((i) => i.record.id === runningId)!])
    const second = state.load([items.find((i) => i.record.id === finishedId)!])
    await Promise.all([first, second])
    expect(state.runs.map((d) => d.record.id)).toEqual([finishedId])
  })

  it('picks the default selection once, then respects an empty choice', async () => {
    const state = new CompareState(clientOf(studio, []))
    const host = { runs: (await listed()), selectedRunIds: [] as string[] }
    state.selectDefaultOnce(host)
    expect(host.selectedRunIds).toEqual([finishedId])
    host.selectedRunIds = []
    state.selectDefaultOnce(host)
    expect(host.selectedRunIds).toEqual([])
  })

  it("fetches a run's test-image pixels in one request, once per index", async () => {
    const count = 40
    const images = new Uint8Array(count * PIXELS)
    for (let i = 0; i < count; i++) images.fill(i, i * PIXELS, (i + 1) * PIXELS)
    const set = { count, images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10) }
    const info = await studio.datasets.add({ source: { kind: 'csv', description: 'tiny', files: [] }, train: set, test: set, classNames: numberedClassNames(10), warnings: [] })
    const fp = info.summary.fingerprint
    const base = item('x').record
    const run = await studio.store.create({ ...base, name: 'with images', dataset: { ...base.dataset, fingerprint: fp }, status: 'finished', epochsRun: 0 })
    const calls: RequestName[] = []
    const state = new CompareState(clientOf(studio, calls))
    await state.loadPixels(run.id, fp, [0, 1, 2, 3, 35, 35])
    expect(calls).toEqual(['runs.testImages'])
    expect(atob(state.pixelsOf(fp, 35)!).charCodeAt(0)).toBe(35)
    expect(state.pixelsOf(fp, 20)).toBeUndefined()
    await state.loadPixels(run.id, fp, [2, 35])
    expect(calls).toHaveLength(1)
    await expect(state.loadPixels(run.id, fp, [40])).rejects.toThrow('test image 40 does not exist (the test set has 40)')
  })
})
