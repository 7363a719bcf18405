/** A sweep from the Model view to the host: its time estimate's inputs and "Train as a study now". */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../src/shared/dataset'
import { QUICK_TRY } from '../../../../src/shared/presets'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { clientOf, untrainableStudio } from '../../../support/studioClient'
import { AppState } from '../../../../src/renderer/src/state/app.svelte'
import { SweepDraft } from '../../../../src/renderer/src/state/sweepDraft.svelte'
import { numberedClassNames } from '../../../../src/shared/classNames'

describe('a sweep trained as a study', () => {
  let dir: string
  let studio: Studio
  let app: AppState

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-sweep-'))
    studio = untrainableStudio(dir)
    await studio.init()
    const count = 60
    const set = { count, images: new Uint8Array(count * PIXELS).fill(7), labels: Uint8Array.from({ length: count }, (_, i) => i % 10) }
    await studio.datasets.add({ source: { kind: 'csv', description: 'tiny', files: [] }, train: set, test: set, classNames: numberedClassNames(10), warnings: [] })
    app = new AppState(clientOf(studio), null)
    await app.start()
  })

  afterAll(async () => {
    await studio.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('estimates from the chosen data, the host and the Train view options', () => {
    expect(app.studyCost).toMatchObject({ repeats: 1, trainImages: 60, epochs: null })
    expect(app.studyCost.cores).toBe(app.host?.cores)
    app.train.quick = true
    expect(app.studyCost.epochs).toBe(QUICK_TRY.epochs)
    app.train.trainImagesText = '30'
    expect(app.studyCost.trainImages).toBe(30)
    app.train.quick = false
    expect(app.studyCost).toMatchObject({ trainImages: 60, epochs: null })
  })

  it('"Train as a study now" starts the study with the sweep in it and shows the Train view', async () => {
    const draft = new SweepDraft(app.study.sweepBase('dropout')!, app.study.variants.map((v) => v.name))
    draft.setParam('rate')
    draft.setValues('0.2,0.4')
    if (!draft.plan.ok) throw new Error(draft.plan.error)
    app.study.applySweep('dropout', draft.plan.specs)
    await app.trainStudyNow()
    expect(app.view).toBe('train')
    expect(app.train.error).toBeNull()
    const names = app.runs.filter((r) => app.train.shown.includes(r.record.id)).map((r) => r.record.name)
    expect(names.sort()).toEqual(['baseline', 'dropout', 'dropout[rate=0.2]', 'dropout[rate=0.4]', 'earlystopping', 'l1', 'l2'])
  })
})
