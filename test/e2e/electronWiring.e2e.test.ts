/**
 * Main + preload + renderer together, without the Electron binary: the real src/main/ipc bindings
 * on a fake ipcMain with a real Studio, the built renderer opened from file:// in Chromium, and the
 * built preload evaluated in the page with a small require('electron') shim whose ipcRenderer
 * crosses to Node through page.exposeBinding. The same channels and payloads Electron would carry.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRELOAD_CHANNELS } from '../../src/shared/preloadApi'
import { IPC_EVENT_CHANNEL, type StudioEvent } from '../../src/shared/api'
import type { Studio } from '../../src/main/core/studio/studio'
import { PathAllowlist } from '../../src/main/electron/pathAllowlist'
import { forwardEvents } from '../../src/main/ipc/forwardEvents'
import { createSenderGuard } from '../../src/main/ipc/senderGuard'
import { setupIpc } from '../../src/main/ipc/setupIpc'
import { FakeIpcMain } from '../unit/main/ipc/fakeIpcMain'
import { createStudio, tempDir, writeCsvDataset } from '../unit/main/ipc/studioFixture'
import { openConfiguredQueue } from '../../src/main/core/settings/configuredQueue'

const ROOT = join(__dirname, '../..')
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Electron lets its file:// pages load their own module scripts; plain Chromium needs this flag.
  '--allow-file-access-from-files'
]

function findChromium(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  return dirs.map((d) => join(d, 'chromium')).find((p) => existsSync(p))
}

/**
 * What Electron gives a sandboxed preload: require('electron') only. Evaluated before the page's
 * scripts; `preloadSource` is the built out/preload/index.js.
 */
function preloadHarness(preloadSource: string, droppedPaths: Record<string, string>): string {
  return `(() => {
  const listeners = new Map()
  const droppedPaths = ${JSON.stringify(droppedPaths)}
  const electron = {
    contextBridge: { exposeInMainWorld: (key, value) => { window[key] = value } },
    ipcRenderer: {
      invoke: (channel, ...args) => window.__ipcInvoke(channel, args),
      on: (channel, listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set())
        listeners.get(channel).add(listener)
      },
      removeListener: (channel, listener) => listeners.get(channel)?.delete(listener)
    },
    webUtils: { getPathForFile: (file) => droppedPaths[file.name] ?? '' }
  }
  window.__ipcDeliver = (channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener({ senderId: 0 }, payload)
  }
  const sandboxedRequire = (name) => {
    if (name === 'electron') return electron
    throw new Error('a sandboxed preload cannot require ' + name)
  }
  const module = { exports: {} }
  // Wrapped like Electron wraps a sandboxed preload: its own scope, with require, module and exports.
  ;(function (require, module, exports) {
${preloadSource}
  })(sandboxedRequire, module, module.exports)
})()`
}

const executablePath = findChromium()

describe.skipIf(!executablePath)('Electron wiring: main IPC + built preload + built renderer', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> }
  let outDir: string
  let studio: Studio
  let browser: Browser
  let page: Page
  let files: string[]
  const ipcMain = new FakeIpcMain()
  const invoked: string[] = []
  const pageErrors: string[] = []
  /** The page's webContents as main sees it: the sender of its messages and the target of send(). */
  const contents = {
    send: (channel: string, payload: unknown) => void page.evaluate(([c, p]) => (window as any).__ipcDeliver(c, p), [channel, payload] as const),
    isDestroyed: () => page.isClosed()
  }

  beforeAll(async () => {
    tmp = await tempDir('regstudio-wiring-')
    outDir = join(tmp.dir, 'out')
    // A fresh build of the current sources, so a stale out/ cannot hide a change.
    await promisify(execFile)(join(ROOT, 'node_modules/.bin/electron-vite'), ['build', '--outDir', outDir, '--logLevel', 'error'], { cwd: ROOT })
    const rendererUrl = pathToFileURL(join(outDir, 'renderer/index.html')).href

    files = await writeCsvDataset(tmp.dir)
    const allowlist = new PathAllowlist()
    // As the desktop app does: the queue setting read at start (none here: runs train on this machine).
    const queue = await openConfiguredQueue(join(tmp.dir, 'settings.json'))
    studio = createStudio(tmp.dir, { allowPath: (p) => allowlist.has(p), queueStatus: () => queue.status() })
    await studio.init()
    setupIpc(
      { ipcMain, studio, isTrustedSender: createSenderGuard(() => contents, rendererUrl) },
      { allowlist, chooseFiles: async () => [], chooseSavePath: async () => null, printToPdf: async () => new Uint8Array(), settingsFile: join(tmp.dir, 'settings.json') }
    )
    forwardEvents(studio, contents)

    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS })
    page = await browser.newPage()
    page.on('pageerror', (err) => pageErrors.push(err.message))
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()))
    await page.exposeBinding('__ipcInvoke', async (source, channel: string, args: unknown[]) => {
      invoked.push(channel)
      return ipcMain.invoke(channel, { sender: contents, senderFrame: { url: source.frame.url() } }, ...args)
    })
    const preloadSource = await readFile(join(outDir, 'preload/index.js'), 'utf8')
    await page.addInitScript({ content: preloadHarness(preloadSource, { 'train.csv': files[0], 'test.csv': files[1] }) })
    await page.goto(rendererUrl)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await studio?.dispose()
    await tmp?.cleanup()
  })

  it('builds the trainer entry and a preload that needs nothing but electron', async () => {
    expect(existsSync(join(outDir, 'main/trainer.js'))).toBe(true)
    const preload = await readFile(join(outDir, 'preload/index.js'), 'utf8')
    expect([...new Set(preload.match(/require\([^)]*\)/g))]).toEqual(['require("electron")'])
  })

  it('loads the renderer from file:// and shows the studio through IPC', async () => {
    await expect.poll(() => page.title()).toBe('Regularization Studio')
    const nav = page.getByRole('navigation', { name: 'Views' })
    await nav.waitFor()
    const views = (await nav.getByRole('button').allTextContents()).map((t) => t.trim())
    expect(views).toEqual(expect.arrayContaining(['Data', 'Model', 'Train', 'Compare', 'Report']))
    // The app started on the IPC bridge, not the WebSocket client, and its start-up requests came through.
    await expect.poll(() => invoked).toEqual(expect.arrayContaining(['host.info', 'datasets.list', 'specs.presets', 'runs.list']))
    await expect(page.getByRole('alert').count()).resolves.toBe(0)
    expect(pageErrors).toEqual([])
  })

  it('exposes only the preload API on window.studio', async () => {
    const keys = await page.evaluate(() => Object.keys((window as any).studio).sort())
    expect(keys).toEqual(['allowDroppedFiles', 'exportModel', 'exportPdf', 'onEvent', 'onMenuCommand', 'openFilesDialog', 'queueSetting', 'request', 'saveFile', 'saveQueueSetting'])
    expect(await page.evaluate(() => typeof (window as any).require)).toBe('undefined')
  })

  it('edits the queue setting in its dialog: checked, saved with the password masked when shown, applied at next start', async () => {
    const status = page.getByTestId('queue-status')
    await expect.poll(() => status.textContent()).toBe('training here')
    await page.getByRole('button', { name: 'Queue…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Train on other machines' })
    const field = dialog.getByLabel('Redis URL')
    expect(await field.inputValue()).toBe('')
    await field.fill('box:6390')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('the queue URL must start with redis:// or rediss://, got box:6390')
    await field.fill('redis://:hunter2@10.1.2.3:6390')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => status.textContent()).toBe('training here · restart to apply')
    expect(JSON.parse(await readFile(join(tmp.dir, 'settings.json'), 'utf8'))).toEqual({ queue: { url: 'redis://:hunter2@10.1.2.3:6390' } })

    await page.getByRole('button', { name: 'Queue…' }).click()
    expect(await field.inputValue()).toBe('redis://:***@10.1.2.3:6390')
    expect(await dialog.textContent()).toContain('Saved setting: redis://:***@10.1.2.3:6390; applies when the app next starts.')
    expect(await page.content()).not.toContain('hunter2')
    mkdirSync('/work/shots/queue14', { recursive: true })
    await page.screenshot({ path: '/work/shots/queue14/desktop-queue-dialog.png' })
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(pageErrors).toEqual([])
  })

  it('carries a request over its channel to Studio and back', async () => {
    const answer = await page.evaluate(() => (window as any).studio.request('specs.presets', {}))
    expect(answer.ok).toBe(true)
    expect(answer.result.seed.map((s: { name: string }) => s.name)).toEqual(['baseline', 'dropout', 'l2', 'l1', 'earlystopping'])
    const invalid = await page.evaluate(() => (window as any).studio.request('runs.get', { runId: '' }))
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('refuses an unknown request in the page, before IPC', async () => {
    const before = invoked.length
    const answer = await page.evaluate(() => (window as any).studio.request('studio:event', {}))
    expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_request' } })
    expect(invoked).toHaveLength(before)
  })

  it('imports dropped files and delivers the import events to the page', async () => {
    const result = await page.evaluate(async () => {
      const studio = (window as any).studio
      const events: StudioEvent[] = []
      const off = studio.onEvent((e: StudioEvent) => events.push(e))
      const refused = await studio.request('datasets.importFiles', { paths: ['/etc/hostname'] })
      const dropped = [new File(['x'], 'train.csv'), new File(['y'], 'test.csv'), new File(['z'], 'made-by-page.csv')]
      const paths = await studio.allowDroppedFiles(dropped)
      const imported = await studio.request('datasets.importFiles', { paths })
      // Events are pushed after the answer may arrive; wait for the last one.
      for (let i = 0; i < 100 && !events.some((e) => e.type === 'dataset.added'); i++) {
        await new Promise((r) => setTimeout(r, 20))
      }
      off()
      return { refused, paths, imported, events }
    })
    expect(result.refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(result.paths).toEqual(files)
    expect(result.imported).toMatchObject({ ok: true, result: { summary: { train: { count: 40 }, test: { count: 20 } } } })
    expect(result.events.length).toBeGreaterThan(0)
    expect(result.events.slice(0, -1).every((e) => e.type === 'dataset.progress')).toBe(true)
    expect(result.events.at(-1)).toMatchObject({ type: 'dataset.added', dataset: { summary: { train: { count: 40 } } } })
  })

  it('delivers an event sent from Node to the page listener, and none after unsubscribing', async () => {
    await page.evaluate(() => {
      const w = window as any
      w.received = []
      w.stopListening = w.studio.onEvent((e: StudioEvent) => w.received.push(e))
    })
    const event: StudioEvent = { type: 'run.cancelled', runId: 'wiring-run' }
    contents.send(IPC_EVENT_CHANNEL, event)
    await expect.poll(() => page.evaluate(() => (window as any).received)).toEqual([event])
    await page.evaluate(() => (window as any).stopListening())
    contents.send(IPC_EVENT_CHANNEL, { type: 'run.cancelled', runId: 'late' })
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)))
    expect(await page.evaluate(() => (window as any).received)).toEqual([event])
  })

  it('carries a menu command to the view that runs it', async () => {
    contents.send(PRELOAD_CHANNELS.menu, 'exportHtml')
    await expect.poll(() => page.locator('[aria-current="page"]').textContent()).toBe('Report')
    await expect.poll(() => page.getByText('Nothing to export: pick finished runs').count()).toBe(1)
  })
})
