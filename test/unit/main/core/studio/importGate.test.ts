/** Imports take turns on a host, so their memory peaks do not add up; the waiting ones are told so. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../../../../src/shared/api'
import { ImportGate } from '../../../../../src/main/core/studio/importGate'
import { localExecutor } from '../../../../../src/main/core/studio/localExecutor'
import { Studio } from '../../../../../src/main/core/studio/studio'
import { spawnNodeTrainer } from '../../../../../src/main/core/training/trainerHost'
import { tinyCsv } from '../../../../e2e/support/tinyDataset'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-import-gate-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('imports on one host', () => {
  it('read one at a time, the others told that they wait, and all of them finish', async () => {
    const uploads = new Map<string, string>()
    for (let i = 0; i < 3; i++) {
      uploads.set(`train${i}`, join(dir, `train${i}.csv`))
      uploads.set(`test${i}`, join(dir, `test${i}.csv`))
      await writeFile(uploads.get(`train${i}`)!, tinyCsv(6, i))
      await writeFile(uploads.get(`test${i}`)!, tinyCsv(2, 10 + i))
    }
    const studio = new Studio({
      workspace: join(dir, 'ws'),
      cacheDir: join(dir, 'cache'),
      executor: localExecutor(spawnNodeTrainer),
      transport: 'websocket',
      version: 'test',
      resolveUpload: (id) => uploads.get(id)
    })
    await studio.init()
    try {
      const events: StudioEvent[] = []
      studio.onEvent((e) => void events.push(e))
      const reading = new Set<string>()
      let most = 0
      studio.onEvent((e) => {
        if (e.type !== 'dataset.progress' || e.importId === undefined) return
        if (e.message.startsWith('reading')) reading.add(e.importId)
        most = Math.max(most, reading.size)
      })
      studio.onEvent((e) => {
        if (e.type === 'dataset.added') reading.clear()
      })
      const results = await Promise.all(
        [0, 1, 2].map((i) => studio.handle('datasets.importUploads', { uploadIds: [`train${i}`, `test${i}`], importId: `import-${i}` }))
      )
      expect(results.map((r) => r.ok)).toEqual([true, true, true])
      const waits = events.flatMap((e) => (e.type === 'dataset.progress' && e.message.startsWith('waiting') ? [`${e.importId}: ${e.message}`] : []))
      expect(waits).toEqual(['import-1: waiting for 1 earlier import to finish', 'import-2: waiting for 2 earlier imports to finish'])
      expect(most).toBe(1)
    } finally {
      await studio.dispose()
    }
  })

  it('refuses an import beyond the waiting ones with one line, and lets a waiting one be cancelled', async () => {
    const gate = new ImportGate(1)
    const leave = await gate.enter(new AbortController().signal, () => {})
    const cancel = new AbortController()
    const waiting = gate.enter(cancel.signal, () => {})
    await expect(gate.enter(new AbortController().signal, () => {})).rejects.toThrow(
      /^2 imports are already running or waiting on this host; try again when one has finished$/
    )
    cancel.abort()
    await expect(waiting).rejects.toThrow('the import was cancelled')
    leave()
    const next = await gate.enter(new AbortController().signal, () => {})
    next()
  })
})
