import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, MAX_MESSAGE_BYTES, type ServeHandle } from '../../../../src/main/serve/startServe'
import { closeCode, fakeRenderer, TestSocket } from './helpers'

describe('regstudio serve over WebSocket', () => {
  let dir: string
  let server: ServeHandle
  let wsUrl: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-ws-'))
    server = await startServe({ workspace: join(dir, 'ws'), cacheDir: join(dir, 'cache'), rendererDir: await fakeRenderer(dir), port: 0 })
    wsUrl = `ws://127.0.0.1:${server.port}/ws`
  })

  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses the upgrade without the right token, with 403', async () => {
    expect(await TestSocket.refusal(wsUrl, {}, server.origin)).toBe(403)
    expect(await TestSocket.refusal(`${wsUrl}?token=${'f'.repeat(64)}`, {}, server.origin)).toBe(403)
  })

  it('refuses a foreign or missing Origin even with the token', async () => {
    const url = `${wsUrl}?token=${server.token}`
    expect(await TestSocket.refusal(url, {}, 'http://evil.example')).toBe(403)
    expect(await TestSocket.refusal(url, {}, `http://127.0.0.1:${server.port + 1}`)).toBe(403)
    expect(await TestSocket.refusal(url)).toBe(403)
  })

  it('refuses other paths', async () => {
    expect(await TestSocket.refusal(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, {}, server.origin)).toBe(404)
  })

  it('accepts the token in the query or in the page cookie, from its own origin', async () => {
    const byQuery = await TestSocket.open(`${wsUrl}?token=${server.token}`, {}, server.origin)
    const byCookie = await TestSocket.open(wsUrl, { cookie: `regstudio-token-${server.port}=${server.token}` }, `http://localhost:${server.port}`)
    const info = await byCookie.request('host.info', {})
    expect(info).toMatchObject({ ok: true, result: { transport: 'websocket', workspace: join(dir, 'ws'), pdf: false } })
    byQuery.close()
    byCookie.close()
  })

  it('answers every malformed message with a typed error and keeps the connection', async () => {
    const socket = await TestSocket.open(`${wsUrl}?token=${server.token}`, {}, server.origin)
    socket.send('this is not JSON')
    expect(await socket.responseTo(-1)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'the message is not valid JSON' } })
    socket.messages.length = 0
    socket.send(Buffer.from('{"id":1}'), true)
    expect(await socket.responseTo(-1)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('binary') } })
    socket.messages.length = 0
    socket.send('[1,2,3]')
    expect(await socket.responseTo(-1)).toMatchObject({ ok: false, error: { code: 'invalid_request' } })

    socket.send(JSON.stringify({ id: 41, name: 7, input: {} }))
    const wrongName = await socket.responseTo(41)
    expect(wrongName).toMatchObject({ ok: false, error: { code: 'invalid_request', details: { issues: [{ path: 'name', message: 'must be a string' }] } } })
    socket.send(JSON.stringify({ id: 42, name: 'host.info', input: {}, extra: true }))
    expect(await socket.responseTo(42)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('extra is not a known field') } })

    expect(await socket.request('no.such.request', {})).toMatchObject({ ok: false, error: { code: 'unknown_request' } })
    expect(await socket.request('runs.get', { runId: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'runs.get: runId must be a string' } })
    expect(await socket.request('runs.get', { runId: 'r1', more: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(await socket.request('datasets.importUploads', { uploadIds: ['0'.repeat(32)] })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('upload the file again') }
    })
    expect(await socket.request('runs.list', {})).toEqual({ ok: true, result: [] })
    socket.close()
  })

  it('closes a connection that sends a message over the size cap (1009) and keeps serving others', async () => {
    const big = await TestSocket.open(`${wsUrl}?token=${server.token}`, {}, server.origin)
    const other = await TestSocket.open(`${wsUrl}?token=${server.token}`, {}, server.origin)
    const closed = closeCode(big.ws)
    big.send(JSON.stringify({ id: 1, name: 'host.info', input: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }))
    expect(await closed).toBe(1009)
    expect(await other.request('host.info', {})).toMatchObject({ ok: true })
    other.close()
  })
})
