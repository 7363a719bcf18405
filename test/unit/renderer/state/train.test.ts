import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { DatasetInfo, RequestName } from '../../../../src/shared/api'
import { PIXELS } from '../../../../src/shared/dataset'
import { QUICK_TRY } from '../../../../src/shared/presets'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { clientOf, untrainableStudio } from '../../../support/studioClient'
import { AppState } from '../../../../src/renderer/src/state/app.svelte'
import { history, item } from '../lib/runFixtures'
import { numberedClassNames } from '../../../../src/shared/classNames'

describe('TrainState', () => {
  let dir: string
  let studio: Studio
  let dataset: DatasetInfo
  const calls: RequestName[] = []
  let app: AppState

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-train-'))
    studio = untrainableStudio(dir)
    await studio.init()
    const count = 60
    const set = { count, images: new Uint8Array(count * PIXELS).fill(7), labels: Uint8Array.from({ length: count }, (_, i) => i % 10) }
    dataset = await studio.datasets.add({ source: { kind: 'csv', description: 'tiny', files: [] }, train: set, test: set, classNames: numberedClassNames(10), warnings: [] })
    app = new AppState(clientOf(studio, calls))
    await app.start()
  })

  afterAll(async () => {
    await studio.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses to start without a dataset or with a bad seed, without asking the host', async () => {
    app.datasetId = null
    calls.length = 0
    await app.train.startStudy()
    expect(app.train.error).toMatch(/dataset/i)
    app.datasetId = dataset.id
    app.train.seedText = '-3'
    await app.train.startStudy()
    expect(app.train.error).toMatch(/seed/i)
    expect(calls).toEqual([])
    app.train.seedText = '42'
  })

  it('starts a quick study: its runs get panels, become the comparison, and carry the quick try epochs', async () => {
    app.datasetId = dataset.id
    app.train.quick = true
    app.train.seedText = '5'
    await app.train.startStudy()
    expect(app.train.error).toBeNull()
    expect(app.train.busy).toBe(false)
    expect(app.train.shown).toHaveLength(5)
    expect(app.selectedRunIds).toEqual(app.train.shown)
    const listed = app.runs.filter((r) => app.train.shown.includes(r.record.id))
    expect(listed.map((r) => r.record.name).sort()).toEqual(['baseline', 'dropout', 'earlystopping', 'l1', 'l2'])
    expect(new Set(listed.map((r) => r.record.studyId)).size).toBe(1)

    // A second press while the first start is still under way starts nothing more.
    calls.length = 0
    const first = app.train.startStudy()
    await app.train.startStudy()
    await first
    expect(calls.filter((c) => c === 'runs.startStudy')).toHaveLength(1)
    const stored = await studio.store.get(app.train.shown[4])
    expect(stored.record.spec.epochs).toBe(QUICK_TRY.epochs)
    expect(stored.record.spec.seed).toBe(5)
  })

  it('refuses bad repeats without asking the host, and starts each variant that many times with seeds S, S+1', async () => {
    app.datasetId = dataset.id
    app.train.quick = true
    app.train.seedText = '9'
    calls.length = 0
    for (const bad of ['0', '101', '1.5', 'two']) {
      app.train.repeatsText = bad
      expect(app.train.repeats).toBeNull()
      await app.train.startStudy()
      expect(app.train.error).toMatch(/repeats/i)
    }
    expect(calls).toEqual([])
    app.train.repeatsText = '2'
    await app.train.startStudy()
    expect(app.train.error).toBeNull()
    expect(app.train.shown).toHaveLength(10)
    const stored = await Promise.all(app.train.shown.map((id) => studio.store.get(id)))
    const dropout = stored.filter((s) => s.record.name === 'dropout').map((s) => s.record.spec.seed)
    expect(dropout.sort((a, b) => a - b)).toEqual([9, 10])
    app.train.repeatsText = '1'
  })

  it('refuses bad sizes without asking the host, and sends the chosen ones to every run of the study', async () => {
    app.datasetId = dataset.id
    app.train.quick = false
    app.train.seedText = '4'
    calls.length = 0
    for (const [field, bad, words] of [
      ['trainImagesText', '5', /training images/i],
      ['testImagesText', 'lots', /test images/i],
      ['epochsText', '0', /epochs/i]
    ] as const) {
      app.train[field] = bad
      await app.train.startStudy()
      expect(app.train.error).toMatch(words)
      app.train[field] = ''
    }
    expect(calls).toEqual([])

    app.train.trainImagesText = '30'
    app.train.testImagesText = '20'
    app.train.epochsText = '3'
    expect(app.train.quick).toBe(false)
    await app.train.startStudy()
    expect(app.train.error).toBeNull()
    const stored = await Promise.all(app.train.shown.map((id) => studio.store.get(id)))
    expect(stored).toHaveLength(5)
    for (const { record } of stored) {
      expect(record.spec.epochs).toBe(3)
      expect(record.dataset.train + record.dataset.validation).toBe(30)
      expect(record.dataset.test).toBe(20)
      expect(record.dataset.source).toMatch(/subset of 30 train images and 20 test images/)
    }
    app.train.quick = true
    expect([app.train.trainImagesText, app.train.testImagesText, app.train.epochsText]).toEqual(['10000', '2000', '5'])
    expect(app.train.options).toMatchObject({ trainLimit: QUICK_TRY.trainLimit, testLimit: QUICK_TRY.testLimit, epochs: QUICK_TRY.epochs })
    app.train.quick = false
    expect(app.train.options).toMatchObject({ trainLimit: undefined, testLimit: undefined, epochs: undefined })
  })

  it('starts one variant: it joins the comparison, and when it fails the earlier run of its name stays', async () => {
    app.train.quick = false
    const earlier = await studio.store.create({ ...item('x').record, name: 'dropout', status: 'finished', epochsRun: 3 })
    await app.refreshRuns()
    app.selectedRunIds = [earlier.id]
    await app.train.startOne(app.study.variants[1])
    expect(app.train.shown).toHaveLength(1)
    const stored = await studio.store.get(app.train.shown[0])
    expect(stored.record.name).toBe('dropout')
    expect(stored.record.spec.epochs).toBe(10)
    // This host cannot train: the run fails at once and leaves the comparison as it was.
    await vi.waitFor(() => expect(app.live.byId.get(app.train.shown[0])?.status).toBe('failed'))
    expect(app.selectedRunIds).toEqual([earlier.id])
  })

  it('opens a stored run with its history and forgets a deleted one', async () => {
    const created = await studio.store.create({ ...item('x').record, name: 'old', status: 'finished', epochsRun: 4 })
    for (const h of history(4)) await studio.store.appendEpoch(created.id, h)
    await app.train.open(created.id)
    expect(app.train.shown).toEqual([created.id])
    expect(app.live.byId.get(created.id)?.history).toHaveLength(4)
    app.train.forget(created.id)
    expect(app.train.shown).toEqual([])
  })

  it('after a reload shows the active runs with their logged epochs, but never over shown panels', async () => {
    const running = await studio.store.create({ ...item('x').record, name: 'busy', status: 'running', epochsRun: 2 })
    for (const h of history(2)) await studio.store.appendEpoch(running.id, h)
    const fresh = new AppState(clientOf(studio, []))
    await fresh.train.showActive([running.id])
    expect(fresh.train.shown).toEqual([running.id])
    expect(fresh.live.byId.get(running.id)?.history).toHaveLength(2)
    await fresh.train.showActive(['other'])
    expect(fresh.train.shown).toEqual([running.id])
  })

  it('shows a host error as a message', async () => {
    await app.train.open('no-such-run')
    expect(app.train.error).toBeTruthy()
  })
})
