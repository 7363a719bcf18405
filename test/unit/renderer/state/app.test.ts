/** AppState with a Studio that really trains (tiny data, tiny network): what the comparison holds as runs end. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Studio } from '../../../../src/main/core/studio/studio'
import { spawnNodeTrainer } from '../../../../src/main/core/training/trainerHost'
import { AppState } from '../../../../src/renderer/src/state/app.svelte'
import { clientOf } from '../../../support/studioClient'
import { smallSpec } from '../../../support/synthetic'
import { tinyDataset } from '../../../support/tinyDataset'
import { localExecutor } from '../../../../src/main/core/studio/localExecutor'

describe('AppState and the comparison', () => {
  let dir: string
  let studio: Studio
  let app: AppState

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-app-state-'))
    studio = new Studio({ workspace: dir, cacheDir: join(dir, 'cache'), executor: localExecutor(spawnNodeTrainer), transport: 'websocket', version: 'test' })
    await studio.init()
    await studio.datasets.add(tinyDataset(300, 100))
    app = new AppState(clientOf(studio))
    await app.start()
    app.train.backend = 'cpu'
  })

  afterAll(async () => {
    await studio.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  const ended = (runId: string) => vi.waitFor(() => expect(['finished', 'failed', 'cancelled']).toContain(app.live.byId.get(runId)?.status), { timeout: 30_000 })

  it('a finished run of a variant takes the place of the earlier one; a cancelled one leaves it', async () => {
    const spec = smallSpec({ name: 'tiny', epochs: 1 })
    await app.train.startOne(spec)
    const first = app.train.shown[0]
    await ended(first)
    expect(app.selectedRunIds).toEqual([first])

    await app.train.startOne(spec)
    const second = app.train.shown[0]
    // While the new run trains, the finished one stays in the comparison beside it.
    expect(app.selectedRunIds).toEqual([first, second])
    await ended(second)
    expect(app.live.byId.get(second)?.status).toBe('finished')
    expect(app.selectedRunIds).toEqual([second])

    await app.train.startOne(smallSpec({ name: 'tiny', epochs: 500 }))
    const third = app.train.shown[0]
    await vi.waitFor(() => expect(app.live.byId.get(third)?.history.length).toBeGreaterThan(0), { timeout: 30_000 })
    await app.train.cancel(third)
    await ended(third)
    expect(app.live.byId.get(third)?.status).toBe('cancelled')
    expect(app.selectedRunIds).toEqual([second])
  }, 90_000)

  it('two tries of a variant queued one after the other: the newer replaces the older, never the reverse', async () => {
    const spec = smallSpec({ name: 'twice', epochs: 1 })
    await app.train.startOne(spec)
    const older = app.train.shown[0]
    await app.train.startOne(spec)
    const newer = app.train.shown[0]
    await ended(older)
    expect(app.selectedRunIds).toEqual(expect.arrayContaining([older, newer]))
    const place = app.selectedRunIds.indexOf(older)
    await ended(newer)
    // In the older try's place, so the comparison's order (and its reference run) stays put.
    expect(app.selectedRunIds[place]).toBe(newer)
    expect(app.selectedRunIds).not.toContain(older)
    expect(app.selectedRunIds.filter((id) => id === newer)).toHaveLength(1)
  }, 90_000)

  it('a new window ticks the default comparison as soon as it has loaded the runs', async () => {
    const fresh = new AppState(clientOf(studio), null)
    expect(fresh.selectedRunIds).toEqual([])
    await fresh.start()
    // The newest finished try of each variant: 'tiny' (the second run above) and 'twice' (its newer try).
    const finished = fresh.runs.filter((i) => i.record.status === 'finished').map((i) => i.record)
    const newest = (name: string) => finished.filter((r) => r.name === name).sort((a, b) => a.createdAt.localeCompare(b.createdAt)).pop()?.id
    expect(fresh.selectedRunIds).toEqual([newest('tiny'), newest('twice')])
  })

  it('repeats of a variant in one study stay selected together as they finish', async () => {
    const datasetId = app.datasetId as string
    const { runs } = await app.client.request('runs.startStudy', { datasetId, specs: [smallSpec({ name: 'repeated', epochs: 1 })], seed: 1, repeats: 2, backend: 'cpu' })
    const ids = runs.map((r) => r.id)
    app.selectedRunIds = ids
    await app.refreshRuns()
    for (const id of ids) await ended(id)
    expect(app.selectedRunIds).toEqual(ids)
  }, 90_000)
})
