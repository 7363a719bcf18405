import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RunStore, type NewRun } from '../../../../../src/main/core/runs/runStore'
import { getPreset } from '../../../../../src/shared/presets'
import { UserError } from '../../../../../src/shared/errors'
import type { EpochMetrics, Evaluation, RunRecord } from '../../../../../src/shared/results'

let workspace: string
let store: RunStore

beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'regstudio-runs-'))
  store = new RunStore(workspace)
  await store.init()
})

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true })
})

function newRun(name = 'baseline'): NewRun {
  return {
    name,
    studyId: 'study-1',
    spec: { ...getPreset('seed')[0], name },
    dataset: { source: 'bundled', fingerprint: 'abc123', train: 54000, validation: 6000, test: 10000 },
    status: 'queued',
    epochsRun: 0
  }
}

const epoch = (n: number): EpochMetrics => ({ epoch: n, loss: 1 / n, accuracy: 0.8, val_loss: 1 / n, val_accuracy: 0.79, ms: 900 })

const evaluation: Evaluation = {
  trainLoss: 0.2,
  trainAccuracy: 0.93,
  testLoss: 0.33,
  testAccuracy: 0.885,
  confusion: Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 90 : 1))),
  perClassAccuracy: Array(10).fill(0.9),
  samples: [],
  misclassified: [],
  weights: []
}

/** Writes a run folder by hand, as a crash or another version might have left it. */
async function writeRunFolder(id: string, record: Partial<RunRecord> | string, metrics?: string): Promise<string> {
  const dir = join(workspace, 'runs', id)
  await mkdir(dir, { recursive: true })
  const full = typeof record === 'string' ? record : JSON.stringify({ ...newRun(), id, createdAt: '2025-01-01T00:00:00.000Z', ...record })
  await writeFile(join(dir, 'run.json'), full)
  if (metrics !== undefined) await writeFile(join(dir, 'metrics.jsonl'), metrics)
  return dir
}

describe('RunStore', () => {
  it('creates runs with time-sortable, folder-safe ids and reads them back', async () => {
    const a = await store.create(newRun('a'))
    const b = await store.create(newRun('b'))
    expect(a.id).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(a.id < b.id).toBe(true)
    expect(Date.parse(a.createdAt)).not.toBeNaN()
    expect(await readdir(join(workspace, 'runs'))).toEqual([a.id, b.id].sort())
    expect(await store.get(a.id)).toEqual({ record: a, history: [] })
    expect((await store.list()).map((s) => s.id)).toEqual([a.id, b.id])
  })

  it('updates the record without changing id or createdAt', async () => {
    const run = await store.create(newRun())
    const patch = { status: 'running', startedAt: '2025-01-01T00:00:01.000Z', id: 'other', createdAt: 'x' } as unknown as Partial<RunRecord>
    const updated = await store.update(run.id, patch)
    expect(updated).toMatchObject({ id: run.id, createdAt: run.createdAt, status: 'running', startedAt: '2025-01-01T00:00:01.000Z' })
    expect((await store.get(run.id)).record).toEqual(updated)
    const cleared = await store.update(run.id, { error: 'boom' }).then(() => store.update(run.id, { error: undefined }))
    expect('error' in JSON.parse(await readFile(join(store.runDir(run.id), 'run.json'), 'utf8'))).toBe(false)
    expect(cleared.error).toBeUndefined()
  })

  it('loses no update when many arrive at once', async () => {
    const run = await store.create(newRun())
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => store.appendEpoch(run.id, epoch(i + 1))),
      store.update(run.id, { status: 'running' }),
      store.update(run.id, { backend: { name: 'cpu', package: '@tensorflow/tfjs', reason: 'forced', threads: 1 } }),
      store.saveEvaluation(run.id, evaluation)
    ])
    const { record, history, evaluation: saved } = await store.get(run.id)
    expect(record.status).toBe('running')
    expect(record.backend?.name).toBe('cpu')
    expect(history.map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(saved).toEqual(evaluation)
  })

  it('appends epochs, saves the evaluation, and a new store on the same folder sees them', async () => {
    const run = await store.create(newRun())
    await store.appendEpoch(run.id, epoch(1))
    await store.appendEpoch(run.id, epoch(2))
    await store.saveEvaluation(run.id, evaluation)
    await store.update(run.id, { status: 'finished', epochsRun: 2 })
    const reopened = new RunStore(workspace)
    expect(await reopened.init()).toEqual([])
    expect(await reopened.get(run.id)).toEqual({ record: { ...run, status: 'finished', epochsRun: 2 }, history: [epoch(1), epoch(2)], evaluation })
    expect(await reopened.list()).toEqual([
      {
        id: run.id,
        damaged: false,
        record: { ...run, status: 'finished', epochsRun: 2 },
        epochsLogged: 2,
        lastEpoch: epoch(2),
        test: { loss: 0.33, accuracy: 0.885 }
      }
    ])
  })

  it('keeps every misclassified image apart from eval.json and names the file when it is damaged', async () => {
    const run = await store.create(newRun())
    expect(await store.misclassified(run.id)).toBeUndefined()
    const predictions = [{ index: 7, label: 3, predicted: 5, probabilities: [0, 0, 0, 0.2, 0, 0.8, 0, 0, 0, 0] }]
    await store.saveMisclassified(run.id, predictions)
    await store.saveEvaluation(run.id, evaluation)
    expect(await new RunStore(workspace).misclassified(run.id)).toEqual(predictions)
    expect(JSON.parse(await readFile(join(workspace, 'runs', run.id, 'eval.json'), 'utf8')).misclassified).toEqual([])

    const file = join(workspace, 'runs', run.id, 'misclassified.json')
    await writeFile(file, JSON.stringify([{ index: 7, label: 'shirt', predicted: 5, probabilities: [] }]))
    await expect(store.misclassified(run.id)).rejects.toMatchObject({ code: 'RUN_DAMAGED', message: expect.stringMatching(/misclassified\.json: .*\[0\]\.label/) })
    // The run itself still lists: only its gallery is affected.
    expect((await store.list()).map((r) => r.damaged)).toEqual([false])
  })

  it('marks runs left running or queued by a crash as interrupted, keeping their epochs', async () => {
    const lines = [1, 2, 3].map((n) => JSON.stringify(epoch(n))).join('\n')
    await writeRunFolder('crashed', { status: 'running', epochsRun: 0 }, `${lines}\n{"epoch":4,"loss":0.2`)
    await writeRunFolder('waiting', { status: 'queued' })
    await writeRunFolder('done', { status: 'finished', epochsRun: 10 })
    const reopened = new RunStore(workspace)
    expect((await reopened.init()).sort()).toEqual(['crashed', 'waiting'])
    const crashed = await reopened.get('crashed')
    expect(crashed.record).toMatchObject({ status: 'interrupted', epochsRun: 3 })
    expect(crashed.history).toEqual([epoch(1), epoch(2), epoch(3)])
    expect((await reopened.get('waiting')).record).toMatchObject({ status: 'interrupted', epochsRun: 0 })
    expect((await reopened.get('done')).record).toMatchObject({ status: 'finished', epochsRun: 10 })
    // The torn line is cut, so the file ends cleanly for anything appended later.
    expect(await readFile(join(workspace, 'runs', 'crashed', 'metrics.jsonl'), 'utf8')).toBe(`${lines}\n`)
  })

  it('keeps runs still trained elsewhere (resumed) as they were, with their torn last epoch cut', async () => {
    const lines = [1, 2].map((n) => JSON.stringify(epoch(n))).join('\n')
    await writeRunFolder('onqueue', { status: 'running', epochsRun: 0 }, `${lines}\n{"epoch":3,"lo`)
    await writeRunFolder('waiting', { status: 'queued' })
    await writeRunFolder('gone', { status: 'running' })
    await writeRunFolder('done', { status: 'finished', epochsRun: 10 })
    const reopened = new RunStore(workspace)
    expect((await reopened.leftActive()).sort()).toEqual(['gone', 'onqueue', 'waiting'])
    expect(await reopened.init(new Set(['onqueue', 'waiting']))).toEqual(['gone'])
    expect((await reopened.get('onqueue')).record.status).toBe('running')
    expect((await reopened.get('waiting')).record.status).toBe('queued')
    expect(await readFile(join(workspace, 'runs', 'onqueue', 'metrics.jsonl'), 'utf8')).toBe(`${lines}\n`)
  })

  it('lists damaged runs with a reason while the others still load', async () => {
    const good = await store.create(newRun())
    await writeRunFolder('badjson', '{"id": "badjson", "name": ')
    await writeRunFolder('badmetrics', {}, `not json\n${JSON.stringify(epoch(2))}\n`)
    await writeRunFolder('badspec', { spec: { ...newRun().spec, epochs: 0 } })
    await writeRunFolder('moved', { id: 'elsewhere' })
    await mkdir(join(workspace, 'runs', 'empty'))
    await writeRunFolder('badeval', {})
    await writeFile(join(workspace, 'runs', 'badeval', 'eval.json'), '[1, 2')
    await writeFile(join(workspace, 'runs', 'stray.txt'), 'not a run')
    await mkdir(join(workspace, 'runs', 'not a run id'))

    const summaries = await store.list()
    const byId = Object.fromEntries(summaries.map((s) => [s.id, s]))
    expect(Object.keys(byId).sort()).toEqual(['badeval', 'badjson', 'badmetrics', 'badspec', 'empty', 'moved', good.id].sort())
    expect(byId[good.id]).toMatchObject({ damaged: false, record: good })
    const reasons = Object.fromEntries(summaries.filter((s) => s.damaged).map((s) => [s.id, s.damaged ? s.reason : '']))
    expect(reasons).toEqual({
      badjson: expect.stringMatching(/badjson.run\.json: is not valid JSON/),
      badmetrics: expect.stringMatching(/metrics\.jsonl: line 1 is not a valid epoch record$/),
      badspec: expect.stringMatching(/run\.json: "spec" is invalid: epochs: must be an integer from 1 to 1000/),
      moved: expect.stringMatching(/holds run id "elsewhere" but its folder is "moved"/),
      empty: expect.stringMatching(/empty.run\.json: is missing/),
      badeval: expect.stringMatching(/eval\.json: is not valid JSON/)
    })
    await expect(store.get('badjson')).rejects.toMatchObject({ code: 'RUN_DAMAGED' })
  })

  it('still starts when a damaged run was left running', async () => {
    await writeRunFolder('broken', '{"status": "running"')
    await writeRunFolder('badmetrics', { status: 'running', epochsRun: 5 }, 'garbage\n{"epoch":2}\n')
    expect(await new RunStore(workspace).init()).toEqual(['badmetrics'])
    expect((await store.get('broken').catch((e: UserError) => e.code))).toBe('RUN_DAMAGED')
    expect(JSON.parse(await readFile(join(workspace, 'runs', 'badmetrics', 'run.json'), 'utf8'))).toMatchObject({
      status: 'interrupted',
      epochsRun: 5
    })
  })

  it('deletes a run and its files; later calls say it is not found', async () => {
    const run = await store.create(newRun())
    const other = await store.create(newRun('other'))
    await store.appendEpoch(run.id, epoch(1))
    await mkdir(store.modelDir(run.id), { recursive: true })
    await writeFile(join(store.modelDir(run.id), 'weights.bin'), new Uint8Array(16))
    await store.delete(run.id)
    expect(await readdir(join(workspace, 'runs'))).toEqual([other.id])
    await expect(store.get(run.id)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND', message: expect.stringContaining(run.id) })
    await expect(store.delete(run.id)).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' })
    await expect(store.appendEpoch(run.id, epoch(2))).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' })
    await expect(store.update(run.id, { status: 'failed' })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' })
  })

  it('clears leftovers of interrupted creates and deletes at init', async () => {
    await mkdir(join(workspace, 'runs', '.creating-20250101-000000-000-aaaaaa'))
    await mkdir(join(workspace, 'runs', '.deleting-old-bbbbbb'))
    const kept = await store.create(newRun())
    await new RunStore(workspace).init()
    expect(await readdir(join(workspace, 'runs'))).toEqual([kept.id])
  })

  it.each(['../escape', '..', 'a/b', '', 'x y', '.creating-x'])('refuses the bad run id %j everywhere', async (id) => {
    await expect(store.get(id)).rejects.toMatchObject({ code: 'BAD_RUN_ID' })
    await expect(store.update(id, { status: 'failed' })).rejects.toMatchObject({ code: 'BAD_RUN_ID' })
    await expect(store.appendEpoch(id, epoch(1))).rejects.toMatchObject({ code: 'BAD_RUN_ID' })
    await expect(store.saveEvaluation(id, evaluation)).rejects.toMatchObject({ code: 'BAD_RUN_ID' })
    await expect(store.delete(id)).rejects.toBeInstanceOf(UserError)
    expect(() => store.modelDir(id)).toThrow(UserError)
    expect(await readdir(workspace)).toEqual(['runs'])
  })

  it('creates the workspace folders on init and lists nothing in a fresh one', async () => {
    const fresh = new RunStore(join(workspace, 'nested', 'ws'))
    expect(await fresh.list()).toEqual([])
    expect(await fresh.init()).toEqual([])
    expect(await readdir(join(workspace, 'nested', 'ws'))).toEqual(['runs'])
  })

  it('names the workspace when it cannot be created', async () => {
    await writeFile(join(workspace, 'file'), 'x')
    await expect(new RunStore(join(workspace, 'file')).init()).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringContaining(join(workspace, 'file', 'runs'))
    })
  })

  it('writes metrics.jsonl as one JSON line per epoch', async () => {
    const run = await store.create(newRun())
    await store.appendEpoch(run.id, epoch(1))
    await store.appendEpoch(run.id, epoch(2))
    const text = await readFile(join(store.runDir(run.id), 'metrics.jsonl'), 'utf8')
    expect(text).toBe(`${JSON.stringify(epoch(1))}\n${JSON.stringify(epoch(2))}\n`)
  })
})
