import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODES, IPC_EVENT_CHANNEL, type StudioEvent } from '../../../src/shared/api'
import { PRELOAD_CHANNELS, PRELOAD_KEY, type PreloadApi } from '../../../src/shared/preloadApi'

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => electron.exposed.set(key, value)
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, result: null })),
      on: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set())
        listeners.get(channel)!.add(l)
      }),
      removeListener: vi.fn((channel: string, l: (...args: unknown[]) => void) => listeners.get(channel)?.delete(l)),
      /** What main's webContents.send does on the renderer side. */
      deliver(channel: string, payload: unknown) {
        for (const l of listeners.get(channel) ?? []) l({ sender: electron.ipcRenderer, senderId: 0 }, payload)
      }
    },
    webUtils: { getPathForFile: vi.fn((file: { path?: string }) => file.path ?? '') }
  }
})

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer, webUtils: electron.webUtils }))

/** Every member of PreloadApi; the type below fails to compile if the interface gains or loses one. */
const API_KEYS = ['allowDroppedFiles', 'exportModel', 'exportPdf', 'onEvent', 'onMenuCommand', 'openFilesDialog', 'queueSetting', 'request', 'saveFile', 'saveQueueSetting'] as const
type Missing = Exclude<keyof PreloadApi, (typeof API_KEYS)[number]>
const complete: [Missing] extends [never] ? true : never = true

describe('preload', () => {
  let api: PreloadApi

  beforeAll(async () => {
    await import('../../../src/preload/index')
    api = electron.exposed.get(PRELOAD_KEY) as PreloadApi
  })

  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear()
  })

  it('exposes window.studio with exactly the PreloadApi functions', () => {
    expect(complete).toBe(true)
    expect([...electron.exposed.keys()]).toEqual([PRELOAD_KEY])
    expect(Object.keys(api).sort()).toEqual([...API_KEYS])
    for (const key of API_KEYS) expect(typeof api[key], key).toBe('function')
  })

  it('sends a known request on the channel named like it', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { seed: [] } })
    expect(await api.request('specs.presets', {})).toEqual({ ok: true, result: { seed: [] } })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('specs.presets', {})
  })

  it.each(['studio:event', PRELOAD_CHANNELS.openDialog, 'constructor', '__proto__', 'toString', ''])(
    'refuses the unknown request name %j without any IPC',
    async (name) => {
      const answer = await api.request(name as never, {} as never)
      expect(answer).toMatchObject({ ok: false, error: { code: ERROR_CODES.unknownRequest } })
      expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
    }
  )

  it('hands event listeners the event only, and unsubscribes', () => {
    const seen: unknown[][] = []
    const off = api.onEvent((...args: unknown[]) => seen.push(args))
    const event: StudioEvent = { type: 'run.cancelled', runId: 'r1' }
    electron.ipcRenderer.deliver(IPC_EVENT_CHANNEL, event)
    off()
    electron.ipcRenderer.deliver(IPC_EVENT_CHANNEL, { type: 'run.cancelled', runId: 'r2' })
    expect(seen).toEqual([[event]])
    expect(electron.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0)
  })

  it('hands menu commands to their listeners', () => {
    const commands: string[] = []
    const off = api.onMenuCommand((c) => commands.push(c))
    electron.ipcRenderer.deliver(PRELOAD_CHANNELS.menu, 'exportPdf')
    off()
    electron.ipcRenderer.deliver(PRELOAD_CHANNELS.menu, 'openFiles')
    expect(commands).toEqual(['exportPdf'])
  })

  it('registers dropped files by their paths from webUtils, skipping files without one', async () => {
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: ['/d/train.csv', '/d/test.csv'] })
    const files = [{ path: '/d/train.csv' }, { path: '' }, { path: '/d/test.csv' }] as unknown as File[]
    expect(await api.allowDroppedFiles(files)).toEqual(['/d/train.csv', '/d/test.csv'])
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledTimes(3)
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(PRELOAD_CHANNELS.allowDropped, ['/d/train.csv', '/d/test.csv'])
  })

  it('sends nothing for files the page made itself', async () => {
    expect(await api.allowDroppedFiles([{}] as unknown as File[])).toEqual([])
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('uses the dialog, save and PDF channels, and rejects with the host message on an error', async () => {
    electron.ipcRenderer.invoke
      .mockResolvedValueOnce({ ok: true, result: ['/a.csv'] })
      .mockResolvedValueOnce({ ok: true, result: '/r.html' })
      .mockResolvedValueOnce({ ok: true, result: null })
      .mockResolvedValueOnce({ ok: false, error: { code: 'not_exportable', message: 'run "x" is failed: only finished runs can be compared' } })
    expect(await api.openFilesDialog()).toEqual(['/a.csv'])
    expect(await api.saveFile('r.html', '<html>')).toBe('/r.html')
    expect(await api.exportPdf(['r1'])).toBeNull()
    await expect(api.exportPdf(['r2'])).rejects.toThrow('run "x" is failed: only finished runs can be compared')
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [PRELOAD_CHANNELS.openDialog],
      [PRELOAD_CHANNELS.saveFile, 'r.html', '<html>'],
      [PRELOAD_CHANNELS.exportPdf, ['r1']],
      [PRELOAD_CHANNELS.exportPdf, ['r2']]
    ])
  })
})
