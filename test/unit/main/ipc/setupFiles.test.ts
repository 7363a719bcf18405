import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODES } from '../../../../src/shared/api'
import { PRELOAD_CHANNELS } from '../../../../src/shared/preloadApi'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { PathAllowlist } from '../../../../src/main/electron/pathAllowlist'
import { createSenderGuard } from '../../../../src/main/ipc/senderGuard'
import { setupDatasets } from '../../../../src/main/ipc/setupDatasets'
import { setupFiles } from '../../../../src/main/ipc/setupFiles'
import { FakeIpcMain, ourContents, RENDERER_URL, trusted } from './fakeIpcMain'
import { createStudio, tempDir, writeCsvDataset } from './studioFixture'

describe('setupFiles: only files the user chose can be imported', () => {
  let dir: { dir: string; cleanup: () => Promise<void> }
  let studio: Studio
  let ipcMain: FakeIpcMain
  let files: string[]
  const chooseFiles = vi.fn<() => Promise<string[]>>()

  beforeEach(async () => {
    dir = await tempDir()
    files = await writeCsvDataset(dir.dir)
    const allowlist = new PathAllowlist()
    studio = createStudio(dir.dir, { allowPath: (p) => allowlist.has(p) })
    await studio.init()
    ipcMain = new FakeIpcMain()
    const ctx = { ipcMain, studio, isTrustedSender: createSenderGuard(() => ourContents, RENDERER_URL) }
    setupDatasets(ctx)
    setupFiles(ctx, { allowlist, chooseFiles })
    chooseFiles.mockReset()
  })

  afterEach(async () => {
    await studio.dispose()
    await dir.cleanup()
  })

  it('refuses datasets.importFiles for paths the user did not choose', async () => {
    const answer = await ipcMain.invoke('datasets.importFiles', trusted, { paths: files })
    expect(answer).toMatchObject({ ok: false, error: { code: ERROR_CODES.forbidden } })
    expect((answer as { error: { message: string } }).error.message).toContain(files[0])
    expect(await ipcMain.invoke('datasets.list', trusted, {})).toEqual({ ok: true, result: [] })
  })

  it('imports the files chosen in the open dialog', async () => {
    chooseFiles.mockResolvedValueOnce(files)
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.openDialog, trusted)).toEqual({ ok: true, result: files })
    const answer = await ipcMain.invoke('datasets.importFiles', trusted, { paths: files })
    expect(answer).toMatchObject({ ok: true, result: { summary: { train: { count: 40 }, test: { count: 20 } } } })
  })

  it('allows only what was chosen: another file in the same folder stays refused', async () => {
    chooseFiles.mockResolvedValueOnce([files[0]])
    await ipcMain.invoke(PRELOAD_CHANNELS.openDialog, trusted)
    const answer = await ipcMain.invoke('datasets.importFiles', trusted, { paths: files })
    expect(answer).toMatchObject({ ok: false, error: { code: ERROR_CODES.forbidden } })
    expect((answer as { error: { message: string } }).error.message).toContain(files[1])
  })

  it('a cancelled dialog allows nothing', async () => {
    chooseFiles.mockResolvedValueOnce([])
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.openDialog, trusted)).toEqual({ ok: true, result: [] })
    expect(await ipcMain.invoke('datasets.importFiles', trusted, { paths: files })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('imports dropped files once the preload registers them', async () => {
    const relative = join(dir.dir, 'x', '..', 'train.csv')
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.allowDropped, trusted, [relative, files[1]])).toEqual({ ok: true, result: [relative, files[1]] })
    const answer = await ipcMain.invoke('datasets.importFiles', trusted, { paths: files })
    expect(answer).toMatchObject({ ok: true, result: { summary: { train: { count: 40 } } } })
  })

  it.each([
    ['a string', '/etc/passwd', 'paths must be a list'],
    ['an empty list', [], 'paths must have at least 1 item(s)'],
    ['a non-string', [42], 'paths[0] must be a string'],
    ['a relative path', ['train.csv'], 'not an absolute path: train.csv']
  ])('refuses dropped paths given as %s', async (_label, value, message) => {
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.allowDropped, trusted, value)
    expect(answer).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest } })
    expect((answer as { error: { message: string } }).error.message).toContain(message)
  })
})
