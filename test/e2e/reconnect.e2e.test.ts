/**
 * A browser tab that stays open while other clients act and while its host dies and comes back on
 * the same address (`--port` and `--token` fixed): it lists a dataset another client imported, says
 * that the connection is lost, and once it reconnects shows what happened meanwhile (the run the
 * crash interrupted) without a reload.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../src/shared/results'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING, findChromium, launchChromium } from './support/browser'
import { ensureRendererBuilt } from './support/renderer'
import { startServeProcess, type ServeProcess } from './support/serveProcess'
import { quickSpec, tinyCsv } from './support/tinyDataset'
import { freePort } from '../../src/main/core/bench/localRedis'

const executablePath = findChromium()
const TOKEN = 'r'.repeat(48)

describe.skipIf(process.platform !== 'linux')('an open tab across imports elsewhere and a host restart', () => {
  let dir: string
  let browser: Browser | undefined
  let host: ServeProcess | undefined

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-e2e-reconnect-'))
    if (executablePath) browser = await launchChromium(executablePath)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await host?.stop('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it('lists a dataset imported by another client, shows the lost connection, and re-reads the runs once back', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const port = await freePort()
    const args = ['--port', String(port), '--token', TOKEN, '--workspace', join(dir, 'ws'), '--cache', join(dir, 'cache'), '--concurrency', '1']
    host = await startServeProcess(args)
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(host.url)
    await page.getByRole('heading', { name: 'No dataset yet' }).waitFor()

    const socket = await TestSocket.open(`ws://127.0.0.1:${port}/ws?token=${TOKEN}`, {}, host.origin)
    const datasetId = await uploadDataset({ origin: host.origin, token: TOKEN }, socket, [['other-train.csv', tinyCsv(30)], ['other-test.csv', tinyCsv(2, 3)]])
    // The tab had no dataset, so the one another client imported becomes its current one.
    await expect.poll(() => page.getByTestId('train-count').textContent(), { timeout: 10_000 }).toBe('300')

    const started = await socket.request('runs.start', {
      datasetId,
      spec: { ...quickSpec(), name: 'long', epochs: 500, batchSize: 8 },
      backend: 'cpu'
    })
    if (!started.ok) throw new Error(started.error.message)
    const runId = (started.result as RunRecord).id
    await socket.waitForEvent((e) => e.type === 'run.epoch' && e.runId === runId)
    const sidebar = page.getByRole('complementary', { name: 'Runs' })
    await sidebar.locator('.status.running').waitFor({ timeout: 10_000 })

    expect(await host.stop('SIGKILL')).toBeNull()
    socket.close()
    const banner = page.getByRole('status').filter({ hasText: 'Lost the connection to regstudio serve' })
    await banner.waitFor({ timeout: 10_000 })

    host = await startServeProcess(args)
    await banner.waitFor({ state: 'detached', timeout: 30_000 })
    // The restarted host marked the run interrupted; no event said so, the tab re-read it.
    await expect.poll(() => sidebar.locator('.status.interrupted').count(), { timeout: 10_000 }).toBe(1)
    expect(await sidebar.locator('.status.running').count()).toBe(0)
    await expect.poll(() => page.getByTestId('train-count').textContent()).toBe('300')
    // While the host was down, Chromium logged each failed reconnection attempt; nothing else went wrong.
    expect(errors.filter((e) => !e.includes(`WebSocket connection to 'ws://127.0.0.1:${port}/ws?token=${TOKEN}' failed`))).toEqual([])
  }, 120_000)
})
