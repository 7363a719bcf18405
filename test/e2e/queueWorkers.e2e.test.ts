/**
 * Runs through Redis: a tiny study trained by two `regstudio worker` processes gives the same metrics
 * as the same study trained here, and a worker killed mid-run loses nothing: another starts its run
 * again from its seed. Each test starts its own redis-server on a free loopback port.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCsv } from '../../src/main/core/datasets/writers'
import type { RunRecord } from '../../src/shared/results'
import { runCli } from '../support/cli'
import { startRedis, type LocalRedis } from '../support/redisServer'
import { syntheticSet } from '../support/synthetic'
import { startWorker, type WorkerProcess } from '../support/workerProcess'

const PASSWORD = 'e2e-secret-pass'
/** Small enough to be quick, long enough (3 epochs) to kill a worker in the middle of a run. */
const STUDY = ['--variants', 'baseline', '--repeats', '2', '--epochs', '3', '--backend', 'wasm']
/** A worker silent for 2 s loses its run; stalled runs are looked for every second. */
const FAST_RECOVERY = ['--backend', 'wasm', '--threads', '1', '--lock-ms', '2000', '--stalled-ms', '1000']

let dir: string
let redis: LocalRedis
let local: Summary
const workers: WorkerProcess[] = []

interface Summary {
  models: { name: string; spec: { seed: number }; history: Record<string, number>[]; testAccuracy: number; testLoss: number }[]
}

function studyArgs(name: string, extra: string[] = []): string[] {
  return ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), ...STUDY, '--workspace', join(dir, `ws-${name}`), '--out', join(dir, `out-${name}`), ...extra]
}

async function summary(name: string): Promise<Summary> {
  return JSON.parse(await readFile(join(dir, `out-${name}`, 'summary.json'), 'utf8')) as Summary
}

async function records(name: string): Promise<{ record: RunRecord; epochs: number; modelFiles: string[] }[]> {
  const runsDir = join(dir, `ws-${name}`, 'runs')
  return Promise.all(
    (await readdir(runsDir)).map(async (id) => ({
      record: JSON.parse(await readFile(join(runsDir, id, 'run.json'), 'utf8')) as RunRecord,
      epochs: (await readFile(join(runsDir, id, 'metrics.jsonl'), 'utf8')).trim().split('\n').length,
      modelFiles: (await readdir(join(runsDir, id, 'model'))).sort()
    }))
  )
}

/** Seeded runs match exactly; 1e-6 leaves room for printing and parsing only. */
function expectSameMetrics(actual: Summary, expected: Summary): void {
  const bySeed = (s: Summary) => [...s.models].sort((a, b) => a.spec.seed - b.spec.seed)
  const [a, e] = [bySeed(actual), bySeed(expected)]
  expect(a.map((m) => m.spec.seed)).toEqual(e.map((m) => m.spec.seed))
  a.forEach((model, i) => {
    expect(model.testAccuracy).toBeCloseTo(e[i].testAccuracy, 6)
    expect(model.testLoss).toBeCloseTo(e[i].testLoss, 6)
    expect(model.history).toHaveLength(e[i].history.length)
    model.history.forEach((epoch, k) => {
      for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) expect(epoch[key]).toBeCloseTo(e[i].history[k][key], 6)
    })
  })
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-queue-e2e-'))
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(400, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(syntheticSet(100, 2)))
  redis = await startRedis({ password: PASSWORD })
  // The reference: the same study trained here, one thread per trainer as on the workers (the wasm
  // products give the same numbers for any thread count; one keeps the comparison plain).
  const r = await runCli(studyArgs('local', ['--concurrency', '2']), { timeoutMs: 120_000 })
  expect(r.code, r.stderr).toBe(0)
  local = await summary('local')
}, 150_000)

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()))
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('regstudio study --queue with regstudio workers', () => {
  it('trains on two workers with the same metrics as here, and records where each run ran', async () => {
    const pair = await Promise.all([startWorker(redis.url, FAST_RECOVERY), startWorker(redis.url, FAST_RECOVERY)])
    workers.push(...pair)
    const r = await runCli(studyArgs('queue', ['--queue', redis.url]), { timeoutMs: 120_000 })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`redis://:***@127.0.0.1:${redis.port}`)
    // The estimate counts the two workers the queue sees, not the host's 1000 queue lanes.
    expect(r.stderr).toMatch(/^study: \d+ runs, about .+, on 2 workers, /m)
    for (const text of [r.stdout, r.stderr, ...pair.map((w) => w.log())]) expect(text).not.toContain(PASSWORD)
    expectSameMetrics(await summary('queue'), local)

    const runs = await records('queue')
    expect(runs).toHaveLength(2)
    for (const { record, epochs, modelFiles } of runs) {
      expect(record.status).toBe('finished')
      expect(epochs).toBe(3)
      expect(modelFiles).toEqual(['model.json', 'weights.bin'])
      expect(record.ranOn).toMatchObject({ backend: 'wasm', threads: 1, attempts: 1 })
      expect(pair.map((w) => w.pid)).toContain(record.ranOn?.pid)
    }
    // Each worker fetched the dataset once: one run each, or both runs on one of them.
    await Promise.all(pair.map((w) => w.stop()))
    const fetched = pair.map((w) => Number(/datasets fetched: (\d+)/.exec(w.log())?.[1]))
    for (const n of fetched) expect(n).toBeLessThanOrEqual(1)
  }, 120_000)

  it('finishes the study when a worker is killed mid-run: another starts that run again from its seed', async () => {
    const pair = await Promise.all([startWorker(redis.url, FAST_RECOVERY), startWorker(redis.url, FAST_RECOVERY)])
    workers.push(...pair)
    const study = runCli(studyArgs('killed', ['--queue', redis.url]), { timeoutMs: 150_000 })
    const victim = await Promise.race(pair.map((w) => w.waitFor(/epoch 1\/3/, 90_000).then(() => w)))
    victim.child.kill('SIGKILL')
    const survivor = pair.find((w) => w !== victim) as WorkerProcess
    const r = await study
    expect(r.code, r.stderr).toBe(0)
    expectSameMetrics(await summary('killed'), local)

    const runs = await records('killed')
    expect(runs).toHaveLength(2)
    for (const { record, epochs, modelFiles } of runs) {
      expect(record.status).toBe('finished')
      // Each epoch once: the restarted run's repeated epochs are not logged twice.
      expect(epochs).toBe(3)
      expect(modelFiles).toEqual(['model.json', 'weights.bin'])
      expect(record.ranOn?.pid).toBe(survivor.pid)
    }
    expect(runs.map((r) => r.record.ranOn?.attempts).sort()).toEqual([1, 2])
  }, 150_000)
})
