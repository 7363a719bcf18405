import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../../../../src/shared/api'
import { encodeCsv } from '../../../../../src/main/core/datasets/writers'
import { Studio } from '../../../../../src/main/core/studio/studio'
import { installedNativePackage } from '../../../../../src/main/core/training/backendAvailability'
import { spawnNodeTrainer } from '../../../../../src/main/core/training/trainerHost'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'
import { localExecutor } from '../../../../../src/main/core/studio/localExecutor'

let dir: string
let studio: Studio
const uploads = new Map<string, string>()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-studio-'))
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(300, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(syntheticSet(100, 2)))
  uploads.set('u1', join(dir, 'train.csv'))
  uploads.set('u2', join(dir, 'test.csv'))
  await writeFile(join(dir, 'bad-train.csv'), '1,' + new Array(783).fill('0').join(',') + '\n')
  uploads.set('u3', join(dir, 'bad-train.csv'))
  studio = new Studio({
    workspace: join(dir, 'ws'),
    cacheDir: join(dir, 'cache'),
    executor: localExecutor(spawnNodeTrainer),
    transport: 'websocket',
    version: 'test',
    resolveUpload: (id) => uploads.get(id)
  })
  await studio.init()
})

afterAll(async () => {
  await studio.dispose()
  await rm(dir, { recursive: true, force: true })
})

function until(events: StudioEvent[], predicate: (e: StudioEvent) => boolean, timeoutMs = 60_000): Promise<StudioEvent> {
  return new Promise((resolve, reject) => {
    const found = events.find(predicate)
    if (found) return resolve(found)
    const timer = setTimeout(() => reject(new Error('event did not arrive')), timeoutMs)
    const off = studio.onEvent((e) => {
      if (!predicate(e)) return
      clearTimeout(timer)
      off()
      resolve(e)
    })
  })
}

describe('Studio.handle', () => {
  it('answers an unknown request and invalid input with typed errors', async () => {
    expect(await studio.handle('fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown_request' } })
    const invalid = await studio.handle('runs.get', { runId: 42, extra: true })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    if (!invalid.ok) expect(invalid.error.message).toBe('runs.get: extra is not a known field; runId must be a string')
    expect(await studio.handle('runs.get', { runId: '../../etc' })).toMatchObject({ ok: false, error: { code: 'BAD_RUN_ID' } })
  })

  it('names a bad upload by its file name, not its temp path', async () => {
    const r = await studio.handle('datasets.importUploads', { uploadIds: ['u3', 'u2'] })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.message).toMatch(/^bad-train\.csv: line 1, column \d+: /)
    expect(r.error.message).not.toContain(dir)
  })

  it.skipIf(installedNativePackage() !== null)('refuses a forced tensorflow backend that is not installed, queueing nothing', async () => {
    const imported = await studio.handle('datasets.importUploads', { uploadIds: ['u2', 'u1'] })
    if (!imported.ok) throw new Error(imported.error.message)
    const before = await studio.handle('runs.list', {})
    const r = await studio.handle('runs.start', { datasetId: imported.result.id, spec: smallSpec(), backend: 'tensorflow' })
    expect(r).toMatchObject({ ok: false, error: { code: 'backend_unavailable', message: expect.stringContaining('the tensorflow backend is not installed here') } })
    expect(await studio.handle('runs.list', {})).toEqual(before)
    expect(await studio.handle('host.info', {})).toMatchObject({ ok: true, result: { nativeBackend: null } })
  })

  it('cancels an import by its id: the import fails as cancelled and adds no dataset', async () => {
    await writeFile(join(dir, 'big-train.csv'), encodeCsv(syntheticSet(1500, 3)))
    uploads.set('u5', join(dir, 'big-train.csv'))
    const before = await studio.handle('datasets.list', {})
    const progress: StudioEvent[] = []
    const off = studio.onEvent((e) => {
      if (e.type !== 'dataset.progress') return
      progress.push(e)
      void studio.handle('datasets.cancelImport', { importId: 'import-1' })
    })
    const r = await studio.handle('datasets.importUploads', { uploadIds: ['u5', 'u2'], importId: 'import-1' })
    off()
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'the import was cancelled' } })
    // Progress names its import, so each window shows only its own.
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((e) => e.type === 'dataset.progress' && e.importId === 'import-1')).toBe(true)
    expect(await studio.handle('datasets.list', {})).toEqual(before)
    // Over and forgotten: a second cancel finds nothing to stop.
    expect(await studio.handle('datasets.cancelImport', { importId: 'import-1' })).toEqual({ ok: true, result: { cancelled: false } })
  })

  it('refuses paths the user did not choose', async () => {
    const r = await studio.handle('datasets.importFiles', { paths: [join(dir, 'train.csv')] })
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('validates specs with issues per field and counts parameters', async () => {
    const bad = await studio.handle('specs.validate', { spec: { ...smallSpec(), epochs: 0 } })
    expect(bad.ok && bad.result).toMatchObject({ ok: false, issues: [{ path: 'epochs' }] })
    const good = await studio.handle('specs.validate', { spec: smallSpec() })
    expect(good.ok && good.result.params?.total).toBe(784 * 32 + 32 + 32 * 10 + 10)
  })

  it('imports uploads, explores them, trains a run with live events and exports a report', async () => {
    const events: StudioEvent[] = []
    studio.onEvent((e) => events.push(e))
    const imported = await studio.handle('datasets.importUploads', { uploadIds: ['u2', 'u1'] })
    if (!imported.ok) throw new Error(imported.error.message)
    const datasetId = imported.result.id
    expect(imported.result.summary.train.count).toBe(300)
    // Every window hears of the new dataset, not only the one that imported it.
    expect(events.filter((e) => e.type === 'dataset.added')).toEqual([{ type: 'dataset.added', dataset: imported.result }])
    expect((await studio.handle('datasets.list', {})).ok && (await studio.handle('datasets.list', {}))).toBeTruthy()

    const samples = await studio.handle('datasets.samples', { datasetId, split: 'test', offset: 0, limit: 5, label: 3 })
    if (!samples.ok) throw new Error(samples.error.message)
    expect(samples.result.labels).toEqual([3, 3, 3, 3, 3])
    expect(Buffer.from(samples.result.pixels[0], 'base64')).toHaveLength(784)
    const stats = await studio.handle('datasets.statistics', { datasetId })
    if (!stats.ok) throw new Error(stats.error.message)
    expect(stats.result.pixelHistogram.reduce((a, b) => a + b, 0)).toBe(300 * 784)
    expect(stats.result.firstOfClass).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])

    const started = await studio.handle('runs.start', { datasetId, spec: smallSpec({ name: 'tiny <b>run</b>', epochs: 2 }), backend: 'cpu' })
    if (!started.ok) throw new Error(started.error.message)
    const runId = started.result.id
    expect(started.result.dataset).toMatchObject({ train: 240, validation: 60, test: 100 })
    await until(events, (e) => e.type === 'run.finished' && e.runId === runId)
    expect(events.filter((e) => e.type === 'run.epoch' && e.runId === runId)).toHaveLength(2)
    expect(events.find((e) => e.type === 'run.started')).toMatchObject({ backend: { name: 'cpu' } })

    const details = await studio.handle('runs.get', { runId })
    if (!details.ok) throw new Error(details.error.message)
    expect(details.result.record.status).toBe('finished')
    expect(details.result.history).toHaveLength(2)
    expect(details.result.evaluation?.samples).toHaveLength(10)

    // The gallery's pages: every misclassified image, filtered down to one confusion-matrix cell.
    const confusion = details.result.evaluation?.confusion ?? []
    const wrong = confusion.reduce((sum, row, t) => sum + row.reduce((a, n, p) => a + (p === t ? 0 : n), 0), 0)
    expect(wrong).toBeGreaterThan(0)
    const page = await studio.handle('runs.misclassified', { runId, offset: 0, limit: 200 })
    if (!page.ok) throw new Error(page.error.message)
    expect(page.result).toMatchObject({ total: wrong, matching: wrong, listed: wrong, complete: true })
    expect(page.result.predictions).toHaveLength(wrong)
    const [label, predicted] = [page.result.predictions[0].label, page.result.predictions[0].predicted]
    const cell = await studio.handle('runs.misclassified', { runId, offset: 0, limit: 200, label, predicted })
    if (!cell.ok) throw new Error(cell.error.message)
    expect(cell.result.matching).toBe(confusion[label][predicted])
    expect(cell.result.predictions.every((p) => p.label === label && p.predicted === predicted)).toBe(true)
    const bad = await studio.handle('runs.misclassified', { runId, offset: 0, limit: 500 })
    expect(!bad.ok && bad.error.code).toBe('invalid_request')

    const report = await studio.handle('reports.export', { runIds: [runId], format: 'html' })
    if (!report.ok) throw new Error(report.error.message)
    expect(report.result.content).toContain('tiny &lt;b&gt;run&lt;/b&gt;')
    expect(report.result.content).not.toContain('<b>run</b>')
    expect(report.result.content.match(/<img src="data:image\/png;base64,/g)).toHaveLength(10)
    const csv = await studio.handle('reports.export', { runIds: [runId], format: 'csv' })
    expect(csv.ok && csv.result.content.split(/\r?\n/)[0]).toBe('model,epoch,loss,accuracy,val_loss,val_accuracy')
    const final = await studio.handle('reports.export', { runIds: [runId], format: 'final-csv' })
    expect(final.ok && final.result.content.split(/\r\n/).slice(0, 1)).toEqual(['model,run,seed,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,best_epoch,epochs_run'])
    expect(final.ok && final.result.fileName).toMatch(/^regstudio-final-metrics-.*\.csv$/)
    // The summary is dated when its runs were made, not when it is exported.
    const json = await studio.handle('reports.export', { runIds: [runId], format: 'json' })
    expect(json.ok && JSON.parse(json.result.content).createdAt).toBe(started.result.createdAt)
  })

  it('cancels a queued run at once and a running one after its batch', async () => {
    const list = await studio.handle('datasets.list', {})
    if (!list.ok) throw new Error(list.error.message)
    const datasetId = list.result[0].id
    const events: StudioEvent[] = []
    studio.onEvent((e) => events.push(e))
    const study = await studio.handle('runs.startStudy', {
      datasetId,
      specs: [smallSpec({ name: 'a', epochs: 500 }), smallSpec({ name: 'b', epochs: 500 })],
      backend: 'cpu'
    })
    if (!study.ok) throw new Error(study.error.message)
    const [a, b] = study.result.runs
    expect(await studio.handle('runs.cancel', { runId: b.id })).toEqual({ ok: true, result: { cancelled: true } })
    await until(events, (e) => e.type === 'run.epoch' && e.runId === a.id)
    expect(await studio.handle('runs.delete', { runId: a.id })).toMatchObject({ ok: false, error: { code: 'busy' } })
    await studio.handle('runs.cancel', { runId: a.id })
    await until(events, (e) => e.type === 'run.cancelled' && e.runId === a.id)
    const runs = await studio.handle('runs.list', {})
    if (!runs.ok) throw new Error(runs.error.message)
    const statuses = Object.fromEntries(runs.result.map((r) => [r.record.name, r.record.status]))
    expect(statuses).toMatchObject({ a: 'cancelled', b: 'cancelled' })
    const aRecord = runs.result.find((r) => r.record.id === a.id)!.record
    expect(aRecord.epochsRun).toBeGreaterThanOrEqual(1)
    expect(await studio.handle('runs.delete', { runId: a.id })).toEqual({ ok: true, result: { deleted: true } })
  })

  it('re-runs a cancelled run as a new queued run with the same spec, dataset, study and backend', async () => {
    const list = await studio.handle('datasets.list', {})
    if (!list.ok) throw new Error(list.error.message)
    const datasetId = list.result[0].id
    const events: StudioEvent[] = []
    studio.onEvent((e) => events.push(e))
    const study = await studio.handle('runs.startStudy', {
      datasetId,
      specs: [smallSpec({ name: 'blocker', epochs: 500 }), smallSpec({ name: 'again', epochs: 1 })],
      seed: 7,
      backend: 'cpu'
    })
    if (!study.ok) throw new Error(study.error.message)
    const [blocker, again] = study.result.runs
    expect(await studio.handle('runs.rerun', { runId: blocker.id })).toMatchObject({ ok: false, error: { code: 'busy' } })
    await studio.handle('runs.cancel', { runId: again.id })
    await studio.handle('runs.cancel', { runId: blocker.id })
    await until(events, (e) => e.type === 'run.cancelled' && e.runId === blocker.id)

    const rerun = await studio.handle('runs.rerun', { runId: again.id })
    if (!rerun.ok) throw new Error(rerun.error.message)
    expect(rerun.result.id).not.toBe(again.id)
    expect(rerun.result).toMatchObject({ name: 'again', studyId: again.studyId, status: 'queued', backendRequest: 'cpu', dataset: again.dataset, spec: again.spec })
    const end = await until(events, (e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === rerun.result.id)
    expect(end).toMatchObject({ type: 'run.finished', record: { epochsRun: 1 } })
    const original = await studio.handle('runs.get', { runId: again.id })
    expect(original.ok && original.result.record.status).toBe('cancelled')

    expect(await studio.handle('runs.rerun', { runId: '20990101-000000-000-abcdef' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } })
    expect(await studio.handle('runs.rerun', { runId: '../etc' })).toMatchObject({ ok: false, error: { code: 'BAD_RUN_ID' } })
  })

  it('refuses to re-run a run whose dataset has left the workspace, naming the way out', async () => {
    const runs = await studio.handle('runs.list', {})
    if (!runs.ok) throw new Error(runs.error.message)
    const item = runs.result.find((r) => r.record.name === 'again')!
    const file = join(dir, 'ws', 'datasets', `${item.record.dataset.fingerprint}.rsds`)
    await rename(file, `${file}.away`)
    try {
      const r = await studio.handle('runs.rerun', { runId: item.record.id })
      expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } })
      if (!r.ok) expect(r.error.message).toBe(`the dataset run ${item.record.id} was trained on is no longer in this workspace; import it again and start a new run`)
    } finally {
      await rename(`${file}.away`, file)
    }
  })
})
