import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../src/shared/api'
import { collectPageErrors, CHROMIUM_MISSING, findChromium, launchChromium } from './support/browser'
import { CLIENT_GLOBAL, wsClientBundle } from './support/clientBundle'
import { ensureRendererBuilt, RENDERER_INDEX } from './support/renderer'
import { REPO_ROOT, runCli, startServeProcess, type ServeProcess } from './support/serveProcess'
import { quickSpec, tinyCsv } from './support/tinyDataset'

type ClientModule = typeof import('../../src/renderer/src/api/wsClient')
const executablePath = findChromium()
const SCREENSHOT = join(REPO_ROOT, 'test-artifacts/e2e-serve.png')

describe('browser mode in Chromium', () => {
  let dir: string
  let serve: ServeProcess
  let browser: Browser | undefined
  let clientCode: string

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-e2e-'))
    serve = await startServeProcess(['--port', '0', '--workspace', join(dir, 'ws'), '--cache', join(dir, 'cache'), '--max-upload-mb', '1'])
    clientCode = wsClientBundle()
    if (executablePath) browser = await launchChromium(executablePath)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await serve?.stop('SIGTERM')
    await rm(dir, { recursive: true, force: true })
  })

  it('loads the UI, imports an uploaded dataset and shows a run\'s epochs arriving in the page', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 800 } })
    const errors = collectPageErrors(page)
    const response = await page.goto(serve.url, { waitUntil: 'load' })
    expect(response?.status()).toBe(200)
    const metaCsp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(await readFile(RENDERER_INDEX, 'utf8'))?.[1]
    expect(response?.headers()['content-security-policy']).toBe(metaCsp)
    expect(metaCsp).not.toContain('unsafe-eval')

    await expect.poll(() => page.title()).toBe('Regularization Studio')
    const nav = page.getByRole('navigation', { name: 'Views' })
    for (const label of ['Data', 'Model', 'Train', 'Compare', 'Report']) {
      await nav.getByRole('button', { name: label }).waitFor({ state: 'visible', timeout: 15_000 })
    }

    await page.evaluate(clientCode)
    const spec = { ...quickSpec(), epochs: 2 }
    const outcome = await page.evaluate(
      async ({ name, train, test, spec }) => {
        const api = (window as unknown as Record<string, ClientModule>)[name]
        const uploads = await api.uploadFiles([new File([train], 'tiny-train.csv'), new File([test], 'tiny-test.csv')])
        const client = api.createWsClient(location)
        const dataset = await client.request('datasets.importUploads', { uploadIds: uploads.map((u) => u.uploadId) })
        const events: StudioEvent[] = []
        let runId = ''
        const ended = new Promise<StudioEvent>((resolve) =>
          client.onEvent((e) => {
            events.push(e)
            if ((e.type === 'run.finished' || e.type === 'run.failed') && e.runId === runId) resolve(e)
          })
        )
        runId = (await client.request('runs.start', { datasetId: dataset.id, spec, backend: 'cpu' })).id
        const end = await ended
        client.close()
        return { uploads, train: dataset.summary.train.count, end, epochs: events.filter((e) => e.type === 'run.epoch' && e.runId === runId) }
      },
      { name: CLIENT_GLOBAL, train: tinyCsv(6).toString(), test: tinyCsv(2, 3).toString(), spec }
    )
    expect(outcome.uploads.map((u) => u.fileName)).toEqual(['tiny-train.csv', 'tiny-test.csv'])
    expect(outcome.train).toBe(60)
    expect(outcome.end).toMatchObject({ type: 'run.finished', record: { status: 'finished', epochsRun: 2 } })
    expect(outcome.epochs.map((e) => (e.type === 'run.epoch' ? e.metrics.epoch : 0))).toEqual([1, 2])

    await mkdir(join(REPO_ROOT, 'test-artifacts'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('refuses a wrong token for the page and the WebSocket, and an upload over the cap', async (ctx) => {
    ctx.skip(!browser, CHROMIUM_MISSING)
    const context = await (browser as Browser).newContext()
    const page = await context.newPage()
    const wrong = await page.goto(`${serve.origin}/?token=${'0'.repeat(64)}`)
    expect(wrong?.status()).toBe(403)
    expect(await page.textContent('body')).toContain('Forbidden')

    // A page of this origin with the right token, whose script then tries a wrong one.
    await page.goto(serve.url)
    await page.evaluate(clientCode)
    const result = await page.evaluate(
      async ({ name, origin }) => {
        const opened = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws?token=wrong`)
          ws.onopen = () => resolve('opened')
          ws.onclose = (e) => resolve(`closed ${e.code}`)
        })
        const api = (window as unknown as Record<string, ClientModule>)[name]
        const big = new File([new Uint8Array(1.5 * 2 ** 20).fill(49)], 'big.csv')
        const upload = await api.uploadFiles([big]).then(
          () => 'accepted',
          (e: { code?: string; message: string }) => `${e.code}: ${e.message}`
        )
        return { opened, upload }
      },
      { name: CLIENT_GLOBAL, origin: serve.origin }
    )
    expect(result.opened).toBe('closed 1006')
    expect(result.upload).toBe('too_large: big.csv is larger than the upload limit of 1 MiB (start the server with a larger --max-upload-mb)')
    await context.close()
  })

  it('prints only its address on stdout and stops with exit code 0 on SIGTERM', async () => {
    const other = await startServeProcess(['--port', '0', '--workspace', join(dir, 'ws2')])
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/)
    expect(await other.stop('SIGTERM')).toBe(0)
    expect(other.stderr()).toContain('SIGTERM: cancelling runs and stopping')
  })

  it('warns on stderr about a non-loopback host, and names an address it cannot bind', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: the server never listens on the network.
    const r = await runCli(['serve', '--host', '192.0.2.1', '--port', '0', '--workspace', join(dir, 'ws3')])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^warning: listening on 192\.0\.2\.1, not loopback/)
    expect(r.stderr).toContain('regstudio serve: cannot listen on 192.0.2.1: no such local address')
  })
})
