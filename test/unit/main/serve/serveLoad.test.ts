/**
 * Load on browser mode: several clients receiving the same events, and a burst of requests on one
 * WebSocket. Larger loads (20 queued runs, 200,000 images) are in test/stress.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../../../src/shared/api'
import type { RunRecord } from '../../../../src/shared/results'
import { startServe, type ServeHandle } from '../../../../src/main/serve/startServe'
import { quickSpec, tinyCsv } from '../../../e2e/support/tinyDataset'
import { fakeRenderer, TestSocket, uploadDataset } from './helpers'

describe('regstudio serve under load', () => {
  let dir: string
  let server: ServeHandle
  let datasetId: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-load-'))
    server = await startServe({ workspace: join(dir, 'ws'), cacheDir: join(dir, 'cache'), rendererDir: await fakeRenderer(dir), port: 0 })
    const socket = await open()
    datasetId = await uploadDataset(server, socket, [['tiny-train.csv', tinyCsv(6)], ['tiny-test.csv', tinyCsv(2, 3)]])
    socket.close()
  })

  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  function open(): Promise<TestSocket> {
    return TestSocket.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {}, server.origin)
  }

  it('sends five clients the same events of a study, in the same order', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, open))
    const study = await clients[2].request('runs.startStudy', {
      datasetId,
      specs: [quickSpec(), { ...quickSpec(), name: 'quick-2', epochs: 2 }],
      backend: 'cpu'
    })
    if (!study.ok) throw new Error(study.error.message)
    // Two runs may train side by side: wait for both to end on every client before comparing streams.
    const ids = (study.result as { runs: RunRecord[] }).runs.map((r) => r.id)
    const ends = await Promise.all(
      clients.flatMap((c) => ids.map((id) => c.waitForEvent((e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === id)))
    )
    expect(ends.map((e) => e.type)).toEqual(Array(10).fill('run.finished'))
    // Progress events are throttled per run but not per client: every client saw the same stream.
    const streams = clients.map((c) => c.events().filter((e: StudioEvent) => e.type !== 'dataset.progress').map((e) => JSON.stringify(e)))
    for (const s of streams) expect(s).toEqual(streams[0])
    expect(streams[0].filter((s) => s.includes('"run.epoch"'))).toHaveLength(3)
    for (const c of clients) c.close()
  })

  it('answers 1,000 requests sent at once on one WebSocket, each to its id, with memory bounded', async () => {
    const socket = await open()
    const names = ['host.info', 'runs.list', 'specs.presets', 'datasets.list', 'runs.get'] as const
    const burst = async () => {
      const started = performance.now()
      const answers = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => {
          const name = names[i % names.length]
          // One request in five is invalid on purpose: errors must come back as answers too.
          return socket.request(name, name === 'runs.get' ? { runId: '' } : {})
        })
      )
      return { answers, ms: performance.now() - started }
    }
    const first = await burst()
    const rssAfterFirst = process.memoryUsage().rss
    const second = await burst()
    const rssAfterSecond = process.memoryUsage().rss
    for (const { answers } of [first, second]) {
      expect(answers).toHaveLength(1000)
      expect(answers.filter((a) => a.ok)).toHaveLength(800)
      expect(answers.filter((a) => !a.ok && a.error.code === 'invalid_request')).toHaveLength(200)
    }
    // A leak per request would show as growth between two equal bursts.
    expect(rssAfterSecond - rssAfterFirst).toBeLessThan(64 * 1024 * 1024)
    expect(second.ms).toBeLessThan(20_000)
    // The connection still answers normally.
    expect(await socket.request('host.info', {})).toMatchObject({ ok: true })
    console.log(`1,000 requests: ${first.ms.toFixed(0)} ms, then ${second.ms.toFixed(0)} ms; RSS ${(rssAfterSecond / 2 ** 20).toFixed(0)} MiB (+${((rssAfterSecond - rssAfterFirst) / 2 ** 20).toFixed(1)} MiB in the second burst)`)
    socket.close()
  })
})
