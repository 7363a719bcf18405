import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestName } from '../../../../src/shared/api'
import type { Studio } from '../../../../src/main/core/studio/studio'
import type { SamplePrediction } from '../../../../src/shared/results'
import { GALLERY_PAGE_SIZE, MisclassifiedGallery } from '../../../../src/renderer/src/state/misclassifiedGallery.svelte'
import { clientOf, untrainableStudio } from '../../../support/studioClient'
import { evaluation, item } from '../lib/runFixtures'

// The fixture's confusion matrix: each class t has 10 images taken for t+1 (100 in all).
const all: SamplePrediction[] = Array.from({ length: 100 }, (_, i) => {
  const label = i % 10
  const predicted = (label + 1) % 10
  return { index: i, label, predicted, probabilities: Array.from({ length: 10 }, (_, c) => (c === predicted ? 0.8 : c === label ? 0.2 : 0)) }
})

describe('MisclassifiedGallery', () => {
  let dir: string
  let studio: Studio
  let runId: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-gallery-'))
    studio = untrainableStudio(dir)
    await studio.init()
    const run = await studio.store.create({ ...item('x').record, name: 'baseline', status: 'running', epochsRun: 0 })
    await studio.store.saveMisclassified(run.id, all)
    await studio.store.saveEvaluation(run.id, evaluation(0.9, 0.9))
    await studio.store.update(run.id, { status: 'finished', epochsRun: 3 })
    runId = run.id
  })

  afterAll(async () => {
    await studio.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('pages through every misclassified image, loading the pixels of each page shown', async () => {
    const loaded: number[][] = []
    const gallery = new MisclassifiedGallery(clientOf(studio), async (_run, _fingerprint, indices) => void loaded.push([...indices]))
    await gallery.show(runId, 'f')
    expect(gallery.result).toMatchObject({ total: 100, listed: 100, complete: true })
    expect(gallery.pageCount).toBe(Math.ceil(100 / GALLERY_PAGE_SIZE))
    await gallery.goToPage(99)
    expect(gallery.page).toBe(gallery.pageCount - 1)
    expect(gallery.result?.predictions.map((p) => p.index)).toEqual(all.slice(gallery.page * GALLERY_PAGE_SIZE).map((p) => p.index))
    expect(loaded.at(-1)).toEqual(gallery.result?.predictions.map((p) => p.index))
  })

  it('filters to one cell from the first page, and keeps the filter for the next run shown', async () => {
    const calls: RequestName[] = []
    const gallery = new MisclassifiedGallery(clientOf(studio, calls), async () => undefined)
    await gallery.show(runId, 'f')
    await gallery.goToPage(2)
    await gallery.filter(3, 4)
    expect(gallery.page).toBe(0)
    expect(gallery.result).toMatchObject({ matching: 10, listed: 10 })
    expect(gallery.result?.predictions.every((p) => p.label === 3 && p.predicted === 4)).toBe(true)
    // The same run again asks for nothing.
    await gallery.show(runId, 'f')
    expect(calls).toEqual(['runs.misclassified', 'runs.misclassified', 'runs.misclassified'])
    await gallery.filter(null, null)
    expect(gallery.result?.matching).toBe(100)
  })

  it('steps the opened image through the page and says why images are missing without hiding the predictions', async () => {
    const gallery = new MisclassifiedGallery(clientOf(studio), async () => {
      throw new Error('the dataset is no longer in this workspace')
    })
    await gallery.show(runId, 'f')
    expect(gallery.result?.predictions).toHaveLength(GALLERY_PAGE_SIZE)
    expect(gallery.error).toBe('Images unavailable: the dataset is no longer in this workspace')
    gallery.open(gallery.result?.predictions[0] ?? null)
    gallery.step(1)
    expect(gallery.opened?.index).toBe(1)
    gallery.step(-1)
    gallery.step(-1)
    expect(gallery.opened?.index).toBe(0)
  })

  it('reports a run without test results in one line', async () => {
    const running = await studio.store.create({ ...item('y').record, name: 'l1', status: 'running', epochsRun: 0 })
    const gallery = new MisclassifiedGallery(clientOf(studio), async () => undefined)
    await gallery.show(running.id, 'f')
    expect(gallery.result).toBeNull()
    expect(gallery.error).toMatch(/^run \S+ has no test results yet: only a finished run has misclassified images$/)
  })
})
