import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../../../src/shared/results'
import { startServe, type ServeHandle } from '../../../../src/main/serve/startServe'
import { quickSpec, tinyCsv } from '../../../e2e/support/tinyDataset'
import { closeCode, fakeRenderer, TestSocket, uploadDataset } from './helpers'

describe('regstudio serve runs', () => {
  let dir: string
  let server: ServeHandle

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-runs-'))
    server = await startServe({ workspace: join(dir, 'ws'), cacheDir: join(dir, 'cache'), rendererDir: await fakeRenderer(dir), port: 0 })
  })

  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const open = () => TestSocket.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {}, server.origin)

  const importTiny = (socket: TestSocket): Promise<string> =>
    uploadDataset(server, socket, [['tiny-train.csv', tinyCsv(6)], ['tiny-test.csv', tinyCsv(2, 3)]])

  it('sends every run event to every connected client', async () => {
    const [a, b] = [await open(), await open()]
    const datasetId = await importTiny(a)

    const started = await b.request('runs.start', { datasetId, spec: quickSpec(), backend: 'cpu' })
    if (!started.ok) throw new Error(started.error.message)
    const runId = (started.result as RunRecord).id

    for (const socket of [a, b]) {
      const epoch = await socket.waitForEvent((e) => e.type === 'run.epoch' && e.runId === runId)
      expect(epoch).toMatchObject({ type: 'run.epoch', metrics: { epoch: 1, loss: expect.any(Number) } })
      const end = await socket.waitForEvent((e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === runId)
      expect(end, JSON.stringify(end)).toMatchObject({ type: 'run.finished', record: { status: 'finished', epochsRun: 1 } })
      expect(socket.events().map((e) => e.type)).toEqual(expect.arrayContaining(['run.queued', 'run.started', 'run.epoch', 'run.finished']))
    }
    // The import's progress went to both clients too, though only one asked.
    expect(b.events().some((e) => e.type === 'dataset.progress')).toBe(true)
    a.close()
    b.close()
  })

  it('on close cancels a running run, keeps it as cancelled and closes the sockets with 1001', async () => {
    const socket = await open()
    const datasetId = await importTiny(socket)
    const started = await socket.request('runs.start', { datasetId, spec: { ...quickSpec(), epochs: 500, batchSize: 8 }, backend: 'cpu' })
    if (!started.ok) throw new Error(started.error.message)
    const runId = (started.result as RunRecord).id
    await socket.waitForEvent((e) => e.type === 'run.epoch' && e.runId === runId)
    const closed = closeCode(socket.ws)
    await server.close()
    expect(await closed).toBe(1001)
    const record = JSON.parse(await readFile(join(dir, 'ws', 'runs', runId, 'run.json'), 'utf8')) as RunRecord
    expect(record.status).toBe('cancelled')
    expect(record.epochsRun).toBeGreaterThanOrEqual(1)
  })
})
