import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODES, REQUESTS } from '../../../../src/shared/api'
import { PRELOAD_CHANNELS } from '../../../../src/shared/preloadApi'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { createSenderGuard } from '../../../../src/main/ipc/senderGuard'
import { setupIpc } from '../../../../src/main/ipc/setupIpc'
import { eventFrom, FakeIpcMain, ourContents, RENDERER_URL, trusted } from './fakeIpcMain'
import { createStudio, tempDir } from './studioFixture'

const INVOKE_CHANNELS = [
  PRELOAD_CHANNELS.allowDropped,
  PRELOAD_CHANNELS.openDialog,
  PRELOAD_CHANNELS.saveFile,
  PRELOAD_CHANNELS.exportPdf,
  PRELOAD_CHANNELS.exportModel,
  PRELOAD_CHANNELS.queueSetting,
  PRELOAD_CHANNELS.saveQueueSetting
]

describe('setupIpc', () => {
  let dir: { dir: string; cleanup: () => Promise<void> }
  let studio: Studio
  let ipcMain: FakeIpcMain
  const deps = {
    allowlist: { allow: vi.fn() },
    chooseFiles: vi.fn(async () => ['/data/train.csv']),
    chooseSavePath: vi.fn(async () => null),
    printToPdf: vi.fn(async () => new Uint8Array())
  }

  beforeEach(async () => {
    dir = await tempDir()
    studio = createStudio(dir.dir)
    await studio.init()
    ipcMain = new FakeIpcMain()
    vi.clearAllMocks()
    setupIpc({ ipcMain, studio, isTrustedSender: createSenderGuard(() => ourContents, RENDERER_URL) }, { ...deps, settingsFile: join(dir.dir, 'settings.json') })
  })

  afterEach(async () => {
    await studio.dispose()
    await dir.cleanup()
  })

  it('binds every request on the channel named like it, and the preload channels', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...Object.keys(REQUESTS), ...INVOKE_CHANNELS].sort())
  })

  it('saves the queue setting from our window, shows it with the password masked, refuses a bad URL in one line', async () => {
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.queueSetting, trusted)).toEqual({ ok: true, result: { url: null } })
    const saved = await ipcMain.invoke(PRELOAD_CHANNELS.saveQueueSetting, trusted, { url: 'redis://:s3cret@10.0.0.5:6390' })
    expect(saved).toEqual({ ok: true, result: { url: 'redis://:***@10.0.0.5:6390' } })
    expect(JSON.parse(await readFile(join(dir.dir, 'settings.json'), 'utf8'))).toEqual({ queue: { url: 'redis://:s3cret@10.0.0.5:6390' } })
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.saveQueueSetting, trusted, { url: 'http://10.0.0.5' })).toMatchObject({
      ok: false,
      error: { code: 'usage', message: 'the queue URL must start with redis:// or rediss://, got http://10.0.0.5' }
    })
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.saveQueueSetting, trusted, { link: 'x' })).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest } })
  })

  it('answers a request from our window through Studio', async () => {
    const presets = (await ipcMain.invoke('specs.presets', trusted, {})) as { ok: true; result: Record<string, { name: string }[]> }
    expect(presets.ok).toBe(true)
    expect(presets.result.seed.map((s) => s.name)).toEqual(['baseline', 'dropout', 'l2', 'l1', 'earlystopping'])
    const info = await ipcMain.invoke('host.info', trusted, {})
    expect(info).toMatchObject({ ok: true, result: { transport: 'ipc', pdf: true, version: '0.0.0-test' } })
  })

  it.each([
    ['another webContents', eventFrom({ id: 2 })],
    ['our webContents showing another page', eventFrom(ourContents, 'https://example.com/index.html')],
    ['our webContents with another file', eventFrom(ourContents, 'file:///tmp/evil.html')],
    ['a frame that is gone', { sender: ourContents, senderFrame: null }]
  ])('refuses %s on every channel with a typed error and runs nothing', async (_label, event) => {
    const handle = vi.spyOn(studio, 'handle')
    for (const channel of ipcMain.handlers.keys()) {
      const answer = await ipcMain.invoke(channel, event, {})
      expect(answer, channel).toMatchObject({ ok: false, error: { code: ERROR_CODES.forbidden } })
    }
    expect(handle).not.toHaveBeenCalled()
    expect(deps.chooseFiles).not.toHaveBeenCalled()
    expect(deps.allowlist.allow).not.toHaveBeenCalled()
    expect(deps.chooseSavePath).not.toHaveBeenCalled()
  })

  it('gives the typed invalid_request error for invalid input', async () => {
    const missing = await ipcMain.invoke('runs.cancel', trusted, {})
    expect(missing).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest, message: 'runs.cancel: runId is required' } })
    const outOfRange = await ipcMain.invoke('datasets.samples', trusted, { datasetId: 'x', split: 'train', offset: 0, limit: 0 })
    expect(outOfRange).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest, message: 'datasets.samples: limit must be at least 1' } })
    const notAnObject = await ipcMain.invoke('runs.list', trusted, 'everything')
    expect(notAnObject).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest } })
    const extraField = await ipcMain.invoke('specs.presets', trusted, { path: '/etc/passwd' })
    expect(extraField).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest, message: 'specs.presets: path is not a known field' } })
  })

  it('turns a failure of a preload channel into a typed error, not a rejection', async () => {
    deps.chooseFiles.mockRejectedValueOnce(new Error('dialog crashed'))
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.openDialog, trusted)
    expect(answer).toEqual({ ok: false, error: { code: ERROR_CODES.internal, message: `${PRELOAD_CHANNELS.openDialog}: dialog crashed` } })
  })
})
