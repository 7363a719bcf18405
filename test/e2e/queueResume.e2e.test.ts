/**
 * A host killed while its runs are on the queue: `regstudio study --queue` is killed (SIGKILL) with one
 * run training on a worker and one waiting, and `regstudio serve --queue` started on the same workspace
 * follows both to the end: every epoch logged once, the model written, the same metrics as a local run.
 * That browser host's page then shows the queue's status, read-only, its password masked.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { collectPageErrors, CHROMIUM_MISSING, findChromium, launchChromium } from './support/browser'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { RUN_QUEUE } from '../../src/main/core/queue/queueKeys'
import { encodeCsv } from '../../src/main/core/datasets/writers'
import type { Evaluation, RunRecord } from '../../src/shared/results'
import { BIN, runCli } from '../support/cli'
import { startRedis, type LocalRedis } from '../support/redisServer'
import { syntheticSet } from '../support/synthetic'
import { startWorker, type WorkerProcess } from '../support/workerProcess'
import { ensureRendererBuilt } from './support/renderer'
import { startServeProcess, type ServeProcess } from './support/serveProcess'

const PASSWORD = 'resume-secret'
const SHOTS = '/work/shots/queue14'
const STUDY = ['--variants', 'baseline', '--repeats', '2', '--epochs', '3', '--backend', 'wasm']

let dir: string
let redis: LocalRedis
let worker: WorkerProcess | undefined
let serve: ServeProcess | undefined
let local: { models: { spec: { seed: number }; testAccuracy: number; testLoss: number; history: Record<string, number>[] }[] }

interface StoredRun {
  record: RunRecord
  epochs: number[]
  evaluation?: Evaluation
  modelFiles: string[]
}

async function storedRuns(workspace: string): Promise<StoredRun[]> {
  const runsDir = join(workspace, 'runs')
  const read = (id: string, name: string) => readFile(join(runsDir, id, name), 'utf8').catch(() => '')
  return Promise.all(
    (await readdir(runsDir)).map(async (id) => {
      const evaluation = await read(id, 'eval.json')
      return {
        record: JSON.parse(await read(id, 'run.json')) as RunRecord,
        epochs: (await read(id, 'metrics.jsonl')).split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { epoch: number }).epoch),
        evaluation: evaluation ? (JSON.parse(evaluation) as Evaluation) : undefined,
        modelFiles: (await readdir(join(runsDir, id, 'model')).catch(() => [])).sort()
      }
    })
  )
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-queue-resume-'))
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(400, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(syntheticSet(100, 2)))
  ensureRendererBuilt()
  redis = await startRedis({ password: PASSWORD })
  const data = ['--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv')]
  const r = await runCli(['study', ...data, ...STUDY, '--concurrency', '2', '--workspace', join(dir, 'ws-local'), '--out', join(dir, 'out-local')], { timeoutMs: 120_000 })
  expect(r.code, r.stderr).toBe(0)
  local = JSON.parse(await readFile(join(dir, 'out-local', 'summary.json'), 'utf8')) as typeof local
}, 240_000)

afterAll(async () => {
  await serve?.stop()
  await worker?.stop()
  await redis?.stop()
  await rm(dir, { recursive: true, force: true })
})

it('a host restarted while its runs are queued or training on a worker follows them to the end', async () => {
  const workspace = join(dir, 'ws-queue')
  // One worker: the first run trains while the second waits on the queue.
  worker = await startWorker(redis.url, ['--backend', 'wasm', '--threads', '1'])
  const data = ['--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv')]
  const host = spawn(process.execPath, [BIN, 'study', ...data, ...STUDY, '--workspace', workspace, '--queue', redis.url], { stdio: 'ignore' })
  const hostGone = new Promise((resolve) => host.once('exit', resolve))
  await worker.waitFor(/epoch 1\/3/, 90_000)
  host.kill('SIGKILL')
  await hostGone

  const left = await storedRuns(workspace)
  expect(left).toHaveLength(2)
  expect(left.map((r) => r.record.status).sort()).toEqual(['running', 'running'])

  serve = await startServeProcess(['--port', '0', '--workspace', workspace, '--queue', redis.url])
  expect(serve.stderr()).toContain('following 2 run(s) a crashed host left on the queue')
  await expect
    .poll(async () => (await storedRuns(workspace)).map((r) => r.record.status), { timeout: 120_000, interval: 500 })
    .toEqual(['finished', 'finished'])

  const runs = (await storedRuns(workspace)).sort((a, b) => a.record.spec.seed - b.record.spec.seed)
  const reference = [...local.models].sort((a, b) => a.spec.seed - b.spec.seed)
  runs.forEach((run, i) => {
    expect(run.epochs).toEqual([1, 2, 3])
    expect(run.modelFiles).toEqual(['model.json', 'weights.bin'])
    expect(run.record.ranOn).toMatchObject({ pid: worker?.pid, backend: 'wasm', threads: 1, attempts: 1 })
    expect(run.evaluation?.testAccuracy).toBeCloseTo(reference[i].testAccuracy, 6)
    expect(run.evaluation?.testLoss).toBeCloseTo(reference[i].testLoss, 6)
  })
  // Nothing of the runs is left in Redis: the new host collected the models and removed the jobs.
  const client = new Redis(redis.url)
  try {
    expect(await client.keys('regstudio:model:*')).toEqual([])
    const counts = await new Queue(RUN_QUEUE, { connection: client }).getJobCounts('waiting', 'active', 'completed', 'failed')
    expect(counts).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 })
  } finally {
    client.disconnect()
  }
}, 240_000)

it('the browser host shows the queue it trains on, read-only: URL masked, connected, the worker seen', async (ctx) => {
  const executablePath = findChromium()
  ctx.skip(!executablePath || !serve, CHROMIUM_MISSING)
  const browser = await launchChromium(executablePath as string)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const errors = collectPageErrors(page)
    await page.goto((serve as ServeProcess).url)
    const status = page.getByTestId('queue-status')
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`queue redis://:***@127.0.0.1:${redis.port} · 1 worker`)
    expect(await status.getAttribute('title')).toContain(`Workers: ${hostname()}:${worker?.pid}.`)
    expect(await page.content()).not.toContain(PASSWORD)
    // The setting of a browser host is its command line: nothing to edit here.
    expect(await page.getByRole('button', { name: 'Queue…' }).count()).toBe(0)
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'serve-queue-status.png') })

    // The worker stops: the status says so at its next reading.
    await worker?.stop()
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`queue redis://:***@127.0.0.1:${redis.port} · 0 workers`)
    expect(await status.getAttribute('title')).toContain('No worker is connected')
    expect(errors).toEqual([])
  } finally {
    await browser.close()
  }
}, 60_000)
