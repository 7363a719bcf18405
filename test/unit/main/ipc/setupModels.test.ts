import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODES } from '../../../../src/shared/api'
import { PRELOAD_CHANNELS } from '../../../../src/shared/preloadApi'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { createSenderGuard } from '../../../../src/main/ipc/senderGuard'
import { setupModels } from '../../../../src/main/ipc/setupModels'
import { storeFinishedRun } from '../../../support/storedRuns'
import { FakeIpcMain, ourContents, RENDERER_URL, trusted } from './fakeIpcMain'
import { createStudio, tempDir } from './studioFixture'

const DATASET = { source: 'test', fingerprint: 'a'.repeat(64), train: 90, validation: 10, test: 20 }

describe('setupModels', () => {
  let dir: { dir: string; cleanup: () => Promise<void> }
  let studio: Studio
  let ipcMain: FakeIpcMain
  const chooseSavePath = vi.fn<(fileName: string) => Promise<string | null>>()

  beforeEach(async () => {
    dir = await tempDir()
    studio = createStudio(dir.dir)
    await studio.init()
    ipcMain = new FakeIpcMain()
    setupModels({ ipcMain, studio, isTrustedSender: createSenderGuard(() => ourContents, RENDERER_URL) }, { chooseSavePath })
    chooseSavePath.mockReset()
  })

  afterEach(async () => {
    await studio.dispose()
    await dir.cleanup()
  })

  it('exports nothing and asks nothing when the run has no model files: one line naming the run', async () => {
    // A finished run whose model/ folder is missing, as after a crash or a hand-cleaned workspace.
    const record = await storeFinishedRun(studio.store, 'baseline', { dataset: DATASET })
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.exportModel, trusted, record.id, 'onnx')
    expect(answer).toMatchObject({ ok: false, error: { code: 'MODEL_UNREADABLE' } })
    const { message } = (answer as { error: { message: string } }).error
    expect(message).toContain(`run ${record.id}`)
    expect(message).not.toContain('\n')
    expect(chooseSavePath).not.toHaveBeenCalled()
  })

  it('refuses a format it does not know before touching the run', async () => {
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.exportModel, trusted, 'some-run', 'keras')
    expect(answer).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest, message: expect.stringContaining('format') } })
  })

  it('binds predictions and probes, whose inputs Studio checks', async () => {
    const bad = await ipcMain.invoke('runs.predict', trusted, { runIds: ['x'], pixels: 'AAAA' })
    expect(bad).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest, message: expect.stringContaining('pixels') } })
    const unknown = await ipcMain.invoke('runs.predict', trusted, { runIds: ['nope'], pixels: Buffer.alloc(784).toString('base64') })
    expect(unknown).toMatchObject({ ok: false, error: { message: expect.stringContaining('nope') } })
    expect(await ipcMain.invoke('runs.cancelRobustness', trusted, { probeId: 'p1' })).toEqual({ ok: true, result: { cancelled: false } })
    // A run never probed has no cached rows: the cached-only answer is empty, not an error.
    const record = await storeFinishedRun(studio.store, 'baseline', { dataset: DATASET })
    expect(await ipcMain.invoke('runs.robustness', trusted, { runIds: [record.id], cachedOnly: true })).toEqual({ ok: true, result: { rows: [] } })
  })
})
