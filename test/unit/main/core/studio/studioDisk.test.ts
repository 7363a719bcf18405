/**
 * A workspace that cannot be written: a path through a file (anywhere), a full disk and a read-only
 * one (a real 1 MiB tmpfs, when this process may mount one: root on Linux; skipped otherwise).
 * Each time: one clear error, the runs already there intact, the host still answering.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestName, StudioEvent } from '../../../../../src/shared/api'
import type { RunRecord } from '../../../../../src/shared/results'
import { Studio } from '../../../../../src/main/core/studio/studio'
import { spawnNodeTrainer } from '../../../../../src/main/core/training/trainerHost'
import { quickSpec, tinyCsv } from '../../../../e2e/support/tinyDataset'
import { localExecutor } from '../../../../../src/main/core/studio/localExecutor'

let dir: string
const uploads = new Map<string, string>()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-disk-'))
  await writeFile(join(dir, 'tiny-train.csv'), tinyCsv(6))
  await writeFile(join(dir, 'tiny-test.csv'), tinyCsv(2, 3))
  uploads.set('train', join(dir, 'tiny-train.csv'))
  uploads.set('test', join(dir, 'tiny-test.csv'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function newStudio(workspace: string): Studio {
  return new Studio({
    workspace,
    cacheDir: join(dir, 'cache'),
    executor: localExecutor(spawnNodeTrainer),
    transport: 'websocket',
    version: 'test',
    resolveUpload: (id) => uploads.get(id)
  })
}

async function call<N extends RequestName>(studio: Studio, name: N, input: unknown) {
  const r = await studio.handle(name, input)
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`)
  return r.result
}

/** Resolves with the first event matching, from now on. */
function nextEvent(studio: Studio, predicate: (e: StudioEvent) => boolean, timeoutMs = 60_000): Promise<StudioEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('event did not arrive')), timeoutMs)
    const off = studio.onEvent((e) => {
      if (!predicate(e)) return
      clearTimeout(timer)
      off()
      resolve(e)
    })
  })
}

/** Mounts a tmpfs of `size` at `at`; false when this process may not (not root, no mount). */
function mountTmpfs(at: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Writes until the device is full; returns the filler's path. */
async function fillDisk(folder: string): Promise<string> {
  const filler = join(folder, 'filler.bin')
  const block = Buffer.alloc(16 * 1024, 1)
  let size = 0
  for (;;) {
    try {
      await writeFile(filler, block, { flag: 'a' })
      size += block.length
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC')
      break
    }
    if (size > 64 * 1024 * 1024) throw new Error('the disk never filled')
  }
  // Fill the last partial block too, byte by byte in small steps.
  for (const step of [1024, 64, 1]) {
    for (;;) {
      try {
        await writeFile(filler, Buffer.alloc(step, 1), { flag: 'a' })
      } catch {
        break
      }
    }
  }
  return filler
}

describe('a workspace that cannot be written', () => {
  it('refuses a workspace whose path runs through a file, in one line, before touching anything', async () => {
    const file = join(dir, 'not-a-folder')
    await writeFile(file, 'x')
    const studio = newStudio(join(file, 'ws'))
    await expect(studio.init()).rejects.toMatchObject({
      code: 'WORKSPACE_UNUSABLE',
      message: `Cannot use workspace ${join(file, 'ws')}: a part of the path is a file, not a folder`
    })
  })

  describe('on a real 1 MiB tmpfs', () => {
    const mnt = () => join(dir, 'mnt')
    let mounted = false
    let studio: Studio
    let datasetId: string
    let finished: RunRecord
    let finishedFiles: string[]

    const runFiles = (id: string) =>
      Promise.all(['run.json', 'metrics.jsonl', 'eval.json'].map((f) => readFile(join(mnt(), 'ws', 'runs', id, f), 'utf8')))

    beforeAll(async () => {
      await mkdir(mnt())
      mounted = mountTmpfs(mnt(), '1m')
      if (!mounted) return
      studio = newStudio(join(mnt(), 'ws'))
      await studio.init()
      datasetId = (await call(studio, 'datasets.importUploads', { uploadIds: ['train', 'test'] })).id
      const started = await call(studio, 'runs.start', { datasetId, spec: quickSpec(), backend: 'cpu' })
      const end = await nextEvent(studio, (e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === started.id)
      if (end.type !== 'run.finished') throw new Error(`the first run did not finish: ${JSON.stringify(end)}`)
      finished = end.record
      finishedFiles = await runFiles(finished.id)
    }, 120_000)

    afterAll(async () => {
      if (!mounted) return
      await studio?.dispose()
      execFileSync('umount', ['-l', mnt()])
    })

    it('when the disk is full, refuses new runs and imports with the reason and keeps finished runs', async (ctx) => {
      ctx.skip(!mounted, 'cannot mount a tmpfs here (needs root)')
      const filler = await fillDisk(mnt())
      try {
        const start = await studio.handle('runs.start', { datasetId, spec: quickSpec(), backend: 'cpu' })
        expect(start).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED' } })
        if (!start.ok) expect(start.error.message).toMatch(/^Cannot write .*: no space left on the device$/)
        const imported = await studio.handle('datasets.importUploads', { uploadIds: ['test', 'train'] })
        expect(imported).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED' } })
        if (!imported.ok) expect(imported.error.message).toMatch(/^Cannot write .*\/datasets\/.*: no space left on the device$/)
        expect((await call(studio, 'datasets.list', {})).map((d) => d.id)).toEqual([datasetId])
        const list = await call(studio, 'runs.list', {})
        expect(list.map((r) => r.record.id)).toEqual([finished.id])
        expect(list[0].damaged).toBeUndefined()
        expect(await runFiles(finished.id)).toEqual(finishedFiles)
        const stats = await call(studio, 'datasets.statistics', { datasetId })
        expect(stats.pixelHistogram.reduce((a, b) => a + b, 0)).toBe(60 * 784)
      } finally {
        await rm(filler)
      }
    })

    it('when the disk fills up mid-run, fails that run with the reason instead of hanging, and trains again once there is room', async (ctx) => {
      ctx.skip(!mounted, 'cannot mount a tmpfs here (needs root)')
      const long = await call(studio, 'runs.start', { datasetId, spec: { ...quickSpec(), name: 'long', epochs: 500, batchSize: 8 }, backend: 'cpu' })
      const ended = nextEvent(studio, (e) => (e.type === 'run.failed' || e.type === 'run.finished' || e.type === 'run.cancelled') && e.runId === long.id)
      await nextEvent(studio, (e) => e.type === 'run.epoch' && e.runId === long.id)
      const filler = await fillDisk(mnt())
      try {
        const end = await ended
        expect(end.type).toBe('run.failed')
        if (end.type === 'run.failed') expect(end.error).toContain('no space left on the device')
        expect(await runFiles(finished.id)).toEqual(finishedFiles)
        // The disk refused the failed status too; the host still reports it, not 'running', from the moment it says so.
        expect((await call(studio, 'runs.get', { runId: long.id })).record.status).toBe('failed')
        const listed = (await call(studio, 'runs.list', {})).find((i) => i.record.id === long.id)
        expect(listed?.record).toMatchObject({ status: 'failed', error: expect.stringContaining('no space left on the device') })
      } finally {
        await rm(filler)
      }
      const again = await call(studio, 'runs.start', { datasetId, spec: quickSpec(), backend: 'cpu' })
      const end = await nextEvent(studio, (e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === again.id)
      expect(end.type).toBe('run.finished')
    })

    it('when the workspace turns read-only, refuses new runs with the reason, keeps listing them, and a new host says why it cannot start', async (ctx) => {
      ctx.skip(!mounted, 'cannot mount a tmpfs here (needs root)')
      const before = await call(studio, 'runs.list', {})
      execFileSync('mount', ['-o', 'remount,ro', mnt()])
      try {
        const start = await studio.handle('runs.start', { datasetId, spec: quickSpec(), backend: 'cpu' })
        expect(start).toMatchObject({ ok: false, error: { code: 'WRITE_FAILED' } })
        if (!start.ok) expect(start.error.message).toMatch(/^Cannot write .*: read-only file system$/)
        expect(await call(studio, 'runs.list', {})).toEqual(before)
        expect(await runFiles(finished.id)).toEqual(finishedFiles)
        // A fresh workspace folder on the read-only disk cannot even be created.
        const other = newStudio(join(mnt(), 'other-ws'))
        await expect(other.init()).rejects.toMatchObject({
          code: 'WORKSPACE_UNUSABLE',
          message: `Cannot use workspace ${join(mnt(), 'other-ws')}: read-only file system`
        })
      } finally {
        execFileSync('mount', ['-o', 'remount,rw', mnt()])
      }
    })
  })
})
