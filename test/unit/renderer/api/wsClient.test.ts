import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket as NodeWebSocket } from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type ServeHandle } from '../../../../src/main/serve/startServe'
import { createWsClient, uploadFiles, type PageLocation } from '../../../../src/renderer/src/api/wsClient'
import { StudioRequestError } from '../../../../src/renderer/src/api/studioError'
import { fakeRenderer, rawRequest } from '../../main/serve/helpers'
import { tinyCsv } from '../../../e2e/support/tinyDataset'
import type { StudioEvent } from '../../../../src/shared/api'

/** Node 20 has no WebSocket global: ws stands in, sending the Origin a browser page would send. */
let pageOrigin = ''
class BrowserLikeWebSocket extends NodeWebSocket {
  constructor(url: string) {
    super(url, { origin: pageOrigin })
  }
}

const TOKEN = 'b'.repeat(64)

describe('the WebSocket client', () => {
  let dir: string
  let server: ServeHandle
  let location: PageLocation
  const start = async (port = 0) => {
    server = await startServe({ workspace: join(dir, 'ws'), cacheDir: join(dir, 'cache'), rendererDir: join(dir, 'renderer'), port, token: TOKEN })
    pageOrigin = server.origin
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-wsclient-'))
    await fakeRenderer(dir)
    await start()
    location = { protocol: 'http:', host: `127.0.0.1:${server.port}`, origin: server.origin, search: `?token=${TOKEN}` }
    ;(globalThis as Record<string, unknown>).WebSocket = BrowserLikeWebSocket
  })

  afterAll(async () => {
    delete (globalThis as Record<string, unknown>).WebSocket
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers requests and turns error responses into StudioRequestError', async () => {
    const client = createWsClient(location)
    try {
      expect(await client.request('host.info', {})).toMatchObject({ transport: 'websocket' })
      const failure = await client.request('runs.get', { runId: 'no-such-run' }).catch((e: unknown) => e)
      expect(failure).toBeInstanceOf(StudioRequestError)
      expect((failure as StudioRequestError).code).not.toBe('disconnected')
    } finally {
      client.close()
    }
  })

  it('delivers events to every listener until it unsubscribes', async () => {
    const client = createWsClient(location)
    const upload = async (name: string, body: Buffer) => {
      const headers = { origin: server.origin, 'x-file-name': name }
      const res = await rawRequest(server.origin, `/upload?token=${TOKEN}`, { method: 'POST', headers, body })
      return (JSON.parse(res.body) as { uploadId: string }).uploadId
    }
    try {
      const uploadIds = [await upload('a-train.csv', tinyCsv(2)), await upload('a-test.csv', tinyCsv(1))]
      const [first, second]: StudioEvent[][] = [[], []]
      client.onEvent((e) => first.push(e))
      const unsubscribe = client.onEvent((e) => second.push(e))
      await client.request('datasets.importUploads', { uploadIds })
      expect(first.length).toBeGreaterThan(0)
      expect(first.slice(0, -1).every((e) => e.type === 'dataset.progress')).toBe(true)
      expect(first.at(-1)).toMatchObject({ type: 'dataset.added', dataset: { summary: { train: { count: 20 } } } })
      expect(second).toEqual(first)
      unsubscribe()
      await client.request('datasets.importUploads', { uploadIds })
      expect(second.length).toBeLessThan(first.length)
    } finally {
      client.close()
    }
  })

  it('fails requests in flight when the connection drops, fails fast while down, and reconnects', async () => {
    const client = createWsClient(location)
    const connection: boolean[] = []
    client.onConnection((up) => connection.push(up))
    try {
      await client.request('runs.list', {})
      const port = server.port
      const inFlight = client.request('runs.list', {}).then(
        () => null,
        (e: unknown) => e
      )
      await server.close()
      const dropped = await inFlight
      // The answer may have beaten the close; if so the next request shows the drop.
      const down = dropped ?? (await client.request('runs.list', {}).catch((e: unknown) => e))
      expect(down).toBeInstanceOf(StudioRequestError)
      expect((down as StudioRequestError).code).toBe('disconnected')
      expect(connection).toEqual([false])

      await start(port)
      const deadline = Date.now() + 15_000
      let result: unknown = null
      while (result === null && Date.now() < deadline) {
        result = await client.request('runs.list', {}).catch(() => new Promise((r) => setTimeout(() => r(null), 100)))
      }
      expect(result).toEqual([])
      expect(connection).toEqual([false, true])
    } finally {
      client.close()
    }
  })

  it('reports a refused upload as a StudioRequestError with the server\'s code', async () => {
    // Node's fetch sends no Origin header, so the server refuses it as it would a foreign page.
    const file = new File(['label\n'], 'tiny-train.csv')
    const failure = await uploadFiles([file], undefined, location).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(StudioRequestError)
    expect((failure as StudioRequestError).value).toMatchObject({ code: 'forbidden' })
  })
})
