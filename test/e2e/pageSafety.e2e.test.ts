/**
 * What the page shows of the workspace, in Chromium against `regstudio serve`: a run named like an
 * HTML injection stays text in the sidebar, the Train view, the Compare view and the downloaded
 * report; runs whose run.json or metrics.jsonl are damaged are listed as damaged while the others load.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunStore } from '../../src/main/core/runs/runStore'
import type { RunRecord } from '../../src/shared/results'
import { TestSocket, uploadDataset } from '../unit/main/serve/helpers'
import { collectPageErrors, CHROMIUM_MISSING, findChromium, launchChromium } from './support/browser'
import { ensureRendererBuilt } from './support/renderer'
import { REPO_ROOT, startServeProcess, type ServeProcess } from './support/serveProcess'
import { quickSpec, tinyCsv } from './support/tinyDataset'

const executablePath = findChromium()
const HOSTILE = '<img src=x onerror=alert(1)>'
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts')

describe('the page shows user-provided names as text and damaged runs as damaged', () => {
  let dir: string
  let serve: ServeProcess
  let browser: Browser | undefined
  let hostileRun: RunRecord
  const damaged: Record<string, string> = {}

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-e2e-safety-'))
    const workspace = join(dir, 'ws')

    // Two runs damaged on disk before the host starts: one run.json cut short, one metrics.jsonl with garbage.
    const store = new RunStore(workspace)
    await store.init()
    const base = { spec: quickSpec(), dataset: { source: 'old', fingerprint: 'f'.repeat(64), train: 60, validation: 6, test: 20 }, status: 'finished' as const, epochsRun: 1 }
    const cut = await store.create({ ...base, name: 'cut-json' })
    await writeFile(join(workspace, 'runs', cut.id, 'run.json'), '{"id": "' + cut.id + '", "name": ')
    damaged.json = cut.id
    const garbage = await store.create({ ...base, name: 'garbage-metrics' })
    await writeFile(join(workspace, 'runs', garbage.id, 'metrics.jsonl'), 'garbage\n{"epoch":1,"loss":1,"accuracy":0.5,"ms":3}\n')
    damaged.metrics = garbage.id

    serve = await startServeProcess(['--port', '0', '--workspace', workspace, '--cache', join(dir, 'cache')])
    const socket = await TestSocket.open(`${serve.origin.replace('http', 'ws')}/ws?token=${serve.token}`, {}, serve.origin)
    const datasetId = await uploadDataset(serve, socket, [['tiny-train.csv', tinyCsv(6)], ['tiny-test.csv', tinyCsv(2, 3)]])
    const started = await socket.request('runs.start', { datasetId, spec: { ...quickSpec(), name: HOSTILE }, backend: 'cpu' })
    if (!started.ok) throw new Error(started.error.message)
    hostileRun = started.result as RunRecord
    const end = await socket.waitForEvent((e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === hostileRun.id)
    if (end.type !== 'run.finished') throw new Error(`the run did not finish: ${JSON.stringify(end)}`)
    socket.close()
    if (executablePath) browser = await launchChromium(executablePath)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await serve?.stop('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  /** Every <img> in the page and every request for the injected image's `x`: both must stay empty. */
  async function injectedTraces(page: Page, requested: string[]): Promise<{ imgs: number; requests: string[] }> {
    return { imgs: await page.locator('img').count(), requests: requested.filter((u) => new URL(u).pathname === '/x') }
  }

  it('keeps the run name as literal text in the sidebar, the Train view, the Compare view and the report', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
    const errors = collectPageErrors(page)
    const requested: string[] = []
    page.on('request', (r) => requested.push(r.url()))
    await page.goto(serve.url)

    const sidebar = page.getByRole('complementary', { name: 'Runs' })
    const name = sidebar.locator('.run-name', { hasText: HOSTILE })
    await name.waitFor({ timeout: 15_000 })
    expect(await name.textContent()).toBe(HOSTILE)

    await name.click()
    await expect.poll(() => page.locator('.run-panel-head h3').first().textContent()).toContain(HOSTILE)

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Compare' }).click()
    const row = page.locator('.compare-table tbody th').first()
    await row.waitFor({ timeout: 15_000 })
    expect(await row.innerText()).toContain(HOSTILE)

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Report' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML report' }).click()])
    const html = await readFile(await download.path(), 'utf8')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain(HOSTILE)

    expect(await injectedTraces(page, requested)).toEqual({ imgs: 0, requests: [] })
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-hostile-name.png') })
    // collectPageErrors records any dialog (an alert() would be one) as an error.
    expect(errors).toEqual([])
    await page.close()
  })

  it('lists the damaged runs as damaged, with the reason, and the other runs normally', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    await page.goto(serve.url)
    const sidebar = page.getByRole('complementary', { name: 'Runs' })
    await sidebar.locator('.run-row').nth(2).waitFor({ timeout: 15_000 })
    const rows = await sidebar.locator('.run-row').evaluateAll((els) =>
      els.map((el) => ({
        name: el.querySelector('.run-name')?.textContent ?? '',
        status: el.querySelector('.status')?.textContent ?? '',
        why: el.querySelector('.run-open')?.getAttribute('title') ?? '',
        openable: !(el.querySelector('.run-open') as HTMLButtonElement | null)?.disabled
      }))
    )
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]))
    expect(byName[damaged.json]).toMatchObject({ status: 'damaged', openable: false, why: expect.stringMatching(/run\.json: is not valid JSON/) })
    expect(byName[damaged.metrics]).toMatchObject({ status: 'damaged', openable: false, why: expect.stringMatching(/metrics\.jsonl: line 1 is not a valid epoch record$/) })
    expect(byName[HOSTILE]).toMatchObject({ status: 'finished', openable: true })
    // A damaged run can still be deleted from the sidebar.
    await sidebar.getByRole('button', { name: `Delete ${damaged.json}` }).click()
    await sidebar.getByRole('group', { name: `Delete ${damaged.json}?` }).getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => sidebar.locator('.run-row').count()).toBe(2)
    expect(errors).toEqual([])
    await page.close()
  })
})
