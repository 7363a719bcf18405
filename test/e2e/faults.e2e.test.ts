/**
 * `regstudio serve` killed with SIGKILL mid-run, as a crash or a closed laptop lid would: its trainer
 * goes too; restarted on the same workspace, the runs it left are `interrupted` with their epochs,
 * and the Re-run button of the sidebar trains one again. While a host runs, a second `serve` or a
 * `study` on the same workspace is refused with one line and exit code 2.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunListItem } from '../../src/shared/api'
import type { RunRecord } from '../../src/shared/results'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING, findChromium, launchChromium } from './support/browser'
import { ensureRendererBuilt } from './support/renderer'
import { REPO_ROOT, runCli, startServeProcess, type ServeProcess } from './support/serveProcess'
import { quickSpec, tinyCsv } from './support/tinyDataset'

const executablePath = findChromium()
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')

function connect(serve: ServeProcess): Promise<TestSocket> {
  return TestSocket.open(`${serve.origin.replace('http', 'ws')}/ws?token=${serve.token}`, {}, serve.origin)
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe.skipIf(process.platform !== 'linux')('a host killed mid-run, restarted on the same workspace', () => {
  let dir: string
  let workspace: string
  let restarted: ServeProcess | undefined
  let browser: Browser | undefined
  let long: RunRecord
  let queued: RunRecord

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-e2e-faults-'))
    workspace = join(dir, 'ws')
    if (executablePath) browser = await launchChromium(executablePath)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await restarted?.stop('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it('loses no epoch: the runs are interrupted with the epochs they logged, and the trainer does not outlive its host', async () => {
    // One trainer at a time, so the second run is still queued when the host dies.
    const first = await startServeProcess(['--port', '0', '--workspace', workspace, '--cache', join(dir, 'cache'), '--concurrency', '1'])
    const socket = await connect(first)
    // 300 training images in batches of 8: 500 epochs take far longer than the test waits.
    const datasetId = await uploadDataset(first, socket, [['tiny-train.csv', tinyCsv(30)], ['tiny-test.csv', tinyCsv(2, 3)]])
    const study = await socket.request('runs.startStudy', {
      datasetId,
      specs: [{ ...quickSpec(), name: 'long', epochs: 500, batchSize: 8 }, { ...quickSpec(), name: 'waiting' }],
      backend: 'cpu'
    })
    if (!study.ok) throw new Error(study.error.message)
    ;[long, queued] = (study.result as { runs: RunRecord[] }).runs
    await socket.waitForEvent((e) => e.type === 'run.epoch' && e.runId === long.id && e.metrics.epoch === 3)
    const trainers = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(first.child.pid)])
      .toString()
      .split('\n')
      .filter((l) => l.includes('nodeTrainerEntry.ts'))
      .map((l) => Number(l.trim().split(/\s+/)[0]))
    expect(trainers).toHaveLength(1)

    expect(await first.stop('SIGKILL')).toBeNull()
    socket.close()
    // The trainer notices its host is gone (the IPC channel closes) and exits, hundreds of epochs early.
    await expect.poll(() => isRunning(trainers[0]), { timeout: 5_000, interval: 100 }).toBe(false)
    const onDisk = JSON.parse(await readFile(join(workspace, 'runs', long.id, 'run.json'), 'utf8')) as RunRecord
    expect(onDisk.status).toBe('running')
    const logged = (await readFile(join(workspace, 'runs', long.id, 'metrics.jsonl'), 'utf8')).trim().split('\n').length
    expect(logged).toBeGreaterThanOrEqual(3)

    // The dead host's lock names a pid that no longer exists: the new host takes the workspace over.
    restarted = await startServeProcess(['--port', '0', '--workspace', workspace, '--cache', join(dir, 'cache')])
    expect(restarted.stderr()).toContain('2 run(s) left running by a crash are now marked interrupted')
    const again = await connect(restarted)
    const list = await again.request('runs.list', {})
    if (!list.ok) throw new Error(list.error.message)
    const byId = new Map((list.result as RunListItem[]).map((i) => [i.record.id, i.record]))
    expect(byId.get(long.id)).toMatchObject({ status: 'interrupted', epochsRun: logged })
    expect(byId.get(queued.id)).toMatchObject({ status: 'interrupted', epochsRun: 0 })
    const details = await again.request('runs.get', { runId: long.id })
    if (!details.ok) throw new Error(details.error.message)
    expect((details.result as { history: { epoch: number }[] }).history.map((h) => h.epoch)).toEqual(Array.from({ length: logged }, (_, i) => i + 1))
    again.close()
  }, 120_000)

  it('refuses a second serve and a study on the same workspace with one line and exit code 2', async () => {
    if (!restarted) throw new Error('needs the restarted host of the previous test')
    const pid = restarted.child.pid
    const inUse = `workspace ${workspace} is in use by regstudio serve (pid ${pid} on ${hostname()}, since `
    const serve = await runCli(['serve', '--port', '0', '--workspace', workspace])
    expect(serve.code).toBe(2)
    expect(serve.stdout).toBe('')
    expect(serve.stderr.trim().split('\n')).toEqual([expect.stringContaining(`regstudio serve: ${inUse}`)])
    const study = await runCli(['study', '--quick', '--variants', 'baseline', '--workspace', workspace])
    expect(study.code).toBe(2)
    expect(study.stderr.trim().split('\n')).toEqual([expect.stringContaining(`regstudio study: ${inUse}`)])
    expect(study.stderr).toMatch(/; stop it or use another --workspace\n$/)
  })

  it('trains an interrupted run again from the Re-run button of the sidebar', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    if (!restarted) throw new Error('needs the restarted host of the first test')
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(restarted.url)
    const sidebar = page.getByRole('complementary', { name: 'Runs' })
    await sidebar.locator('.status.interrupted').nth(1).waitFor({ timeout: 15_000 })
    await sidebar.getByRole('button', { name: 'Re-run waiting' }).click()
    // A third row: the new run, which the Train view shows as it trains, then finished.
    await expect.poll(() => sidebar.locator('.run-row').count()).toBe(3)
    await expect.poll(() => sidebar.locator('.status.finished').count(), { timeout: 60_000, interval: 500 }).toBe(1)
    await expect.poll(() => page.locator('.run-panel-head h3').first().textContent()).toContain('waiting')
    expect(await sidebar.locator('.status.interrupted').count()).toBe(2)
    // Finished and active runs offer no Re-run.
    expect(await sidebar.getByRole('button', { name: /^Re-run / }).count()).toBe(2)
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-rerun.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
