import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_CODES, type RunListItem } from '../../../../src/shared/api'
import { PRELOAD_CHANNELS } from '../../../../src/shared/preloadApi'
import { PRESETS } from '../../../../src/shared/presets'
import type { Studio } from '../../../../src/main/core/studio/studio'
import { createSenderGuard } from '../../../../src/main/ipc/senderGuard'
import { setupReports } from '../../../../src/main/ipc/setupReports'
import { FakeIpcMain, ourContents, RENDERER_URL, trusted } from './fakeIpcMain'
import { createStudio, nextEvent, tempDir, writeCsvDataset } from './studioFixture'

const PDF_BYTES = new TextEncoder().encode('%PDF-1.7 test')

describe('setupReports', () => {
  let dir: { dir: string; cleanup: () => Promise<void> }
  let studio: Studio
  let ipcMain: FakeIpcMain
  const chooseSavePath = vi.fn<(fileName: string) => Promise<string | null>>()
  const printToPdf = vi.fn<(html: string) => Promise<Uint8Array>>()

  beforeEach(async () => {
    dir = await tempDir()
    studio = createStudio(dir.dir, { allowPath: () => true })
    await studio.init()
    ipcMain = new FakeIpcMain()
    setupReports({ ipcMain, studio, isTrustedSender: createSenderGuard(() => ourContents, RENDERER_URL) }, { chooseSavePath, printToPdf })
    chooseSavePath.mockReset()
    printToPdf.mockReset().mockResolvedValue(PDF_BYTES)
  })

  afterEach(async () => {
    await studio.dispose()
    await dir.cleanup()
  })

  async function finishedRun(): Promise<string> {
    const imported = await studio.handle('datasets.importFiles', { paths: await writeCsvDataset(dir.dir) })
    if (!imported.ok) throw new Error(imported.error.message)
    const datasetId = (imported.result as { id: string }).id
    const finished = nextEvent(studio, (e) => e.type === 'run.finished')
    const started = await studio.handle('runs.start', { datasetId, spec: { ...PRESETS.seed[0], epochs: 3 } })
    if (!started.ok) throw new Error(started.error.message)
    await finished
    const list = (await studio.handle('runs.list', {})) as { ok: true; result: RunListItem[] }
    return list.result[0].record.id
  }

  it('saves text where the user says, proposing only a file name', async () => {
    const target = join(dir.dir, 'chosen.csv')
    chooseSavePath.mockResolvedValueOnce(target)
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.saveFile, trusted, '../../etc/metrics.csv', 'epoch,loss\n1,0.5\n')
    expect(answer).toEqual({ ok: true, result: target })
    expect(chooseSavePath).toHaveBeenCalledWith('metrics.csv')
    expect(await readFile(target, 'utf8')).toBe('epoch,loss\n1,0.5\n')
  })

  it('answers null when the save dialog is cancelled', async () => {
    chooseSavePath.mockResolvedValueOnce(null)
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.saveFile, trusted, 'report.html', '<html>')).toEqual({ ok: true, result: null })
  })

  it('refuses a save with a missing or non-text argument', async () => {
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.saveFile, trusted, '', 'x')).toMatchObject({ ok: false, error: { code: ERROR_CODES.invalidRequest } })
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.saveFile, trusted, 'a.txt', { text: 1 })).toMatchObject({
      ok: false,
      error: { code: ERROR_CODES.invalidRequest, message: `${PRELOAD_CHANNELS.saveFile}: content must be a string` }
    })
    expect(chooseSavePath).not.toHaveBeenCalled()
  })

  it('prints the comparison report of finished runs to the PDF file the user chose', async () => {
    const runId = await finishedRun()
    const target = join(dir.dir, 'report.pdf')
    chooseSavePath.mockResolvedValueOnce(target)
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.exportPdf, trusted, [runId])
    expect(answer).toEqual({ ok: true, result: target })
    expect(chooseSavePath.mock.calls[0][0]).toMatch(/^regstudio-report-.*\.pdf$/)
    const html = printToPdf.mock.calls[0][0]
    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toContain('baseline')
    expect(new Uint8Array(await readFile(target))).toEqual(PDF_BYTES)
  })

  it('does not print when the user cancels the save dialog', async () => {
    const runId = await finishedRun()
    chooseSavePath.mockResolvedValueOnce(null)
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.exportPdf, trusted, [runId])).toEqual({ ok: true, result: null })
    expect(printToPdf).not.toHaveBeenCalled()
  })

  it('fails with the typed error of the export before asking where to save', async () => {
    const answer = await ipcMain.invoke(PRELOAD_CHANNELS.exportPdf, trusted, ['20250101-000000-abcdef'])
    expect(answer).toMatchObject({ ok: false })
    expect(chooseSavePath).not.toHaveBeenCalled()
    expect(await ipcMain.invoke(PRELOAD_CHANNELS.exportPdf, trusted, [])).toMatchObject({
      ok: false,
      error: { code: ERROR_CODES.invalidRequest, message: `${PRELOAD_CHANNELS.exportPdf}: runIds must have at least 1 item(s)` }
    })
  })

  it('binds reports.export to Studio', async () => {
    const runId = await finishedRun()
    const answer = await ipcMain.invoke('reports.export', trusted, { runIds: [runId], format: 'csv' })
    expect(answer).toMatchObject({ ok: true, result: { mimeType: 'text/csv' } })
  })
})
