import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { TRAINER_PORT_CHANNEL } from '../../../../src/shared/trainerWindow'
import { TRAINER_CSP } from '../../../../src/main/electron/contentSecurity'
import { TRAINER_PARTITION, webgpuTrainerSpawner } from '../../../../src/main/electron/webgpuTrainerWindow'
import { writeDatasetFile } from '../../../../src/main/core/datasets/cache'
import type { WorkerMessage } from '../../../../src/main/core/training/protocol'
import { syntheticSet, smallSpec } from '../../../support/synthetic'
import { BrowserWindow, MessageChannelMain, session } from './electronMock'
import { tempDir } from '../ipc/studioFixture'
import { numberedClassNames } from '../../../../src/shared/classNames'

vi.mock('electron', () => import('./electronMock'))

const ROOT = join(__dirname, '../../../..')
const files = { pageUrl: 'file:///app/out/renderer/trainer.html', preload: '/app/out/preload/trainer.js' }

describe('webgpuTrainerSpawner', () => {
  beforeEach(() => {
    BrowserWindow.instances.length = 0
    MessageChannelMain.instances.length = 0
  })

  it('opens a hidden, sandboxed, context-isolated window without Node in its own session', () => {
    webgpuTrainerSpawner(files)()
    const win = BrowserWindow.instances[0]
    expect(win.options).toMatchObject({
      show: false,
      webPreferences: { preload: files.preload, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, partition: TRAINER_PARTITION }
    })
    expect(win.loadURL).toHaveBeenCalledWith(files.pageUrl)
    // Its session sends the trainer's policy and refuses every permission.
    const trainerSession = session.fromPartition(TRAINER_PARTITION)
    const onHeaders = trainerSession.webRequest.onHeadersReceived.mock.calls[0][0] as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void
    onHeaders({ responseHeaders: {} }, (r) => expect(r.responseHeaders['Content-Security-Policy']).toEqual([TRAINER_CSP]))
    const deny = vi.fn()
    ;(trainerSession.setPermissionRequestHandler.mock.calls[0][0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'media', deny)
    expect(deny).toHaveBeenCalledWith(false)
  })

  it('has the policy of the trainer page meta tag: nothing remote, only its own script', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/trainer.html'), 'utf8')
    expect(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]).toBe(TRAINER_CSP)
  })

  it('hands the page a port once loaded, sends the dataset once with the job, and closes the window at the end', async () => {
    const dir = await tempDir('regstudio-webgpu-window-')
    try {
      const datasetFile = join(dir.dir, 'd.rsds')
      await writeDatasetFile(datasetFile, { source: { kind: 'csv', description: 't', files: [] }, warnings: [], classNames: numberedClassNames(10), train: syntheticSet(20, 1), test: syntheticSet(10, 2) })
      const proc = webgpuTrainerSpawner(files)()
      const win = BrowserWindow.instances[0]
      const messages: WorkerMessage[] = []
      const exits: (number | null)[] = []
      proc.onMessage((m) => messages.push(m))
      proc.onExit((code) => exits.push(code))
      proc.send({ type: 'start', job: { runId: 'r', spec: smallSpec(), datasetFile, splitSeed: 1, backend: 'webgpu' } })

      win.webContents.emit('did-finish-load')
      const { port1, port2 } = MessageChannelMain.instances[0]
      expect(win.webContents.posted).toEqual([[TRAINER_PORT_CHANNEL, null, [port2]]])
      await vi.waitFor(() => expect(port1.posted).toHaveLength(1))
      const start = port1.posted[0] as { type: string; dataset: { train: { count: number; images: Uint8Array } }; allowFallbackAdapter?: boolean }
      expect(start).toMatchObject({ type: 'start', dataset: { train: { count: 20 } } })
      expect(start.dataset.train.images).toBeInstanceOf(Uint8Array)
      // The product never lets a software adapter count as a GPU.
      expect(start.allowFallbackAdapter).toBeUndefined()

      port1.emit('message', { data: { type: 'cancelled', history: [] } })
      await vi.waitFor(() => expect(exits).toEqual([0]))
      expect(messages).toEqual([{ type: 'cancelled', history: [] }])
      expect(win.destroy).toHaveBeenCalled()
    } finally {
      await dir.cleanup()
    }
  })

  it('fails the run when the window renderer crashes', () => {
    const proc = webgpuTrainerSpawner(files)()
    const exits: [number | null, string][] = []
    proc.onExit((code, detail) => exits.push([code, detail]))
    BrowserWindow.instances[0].webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 })
    expect(exits).toEqual([[null, "the WebGPU trainer window's renderer crashed (exit code 139)"]])
  })
})
