import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UserError } from '../../../../src/shared/errors'
import { startServe, type ServeHandle } from '../../../../src/main/serve/startServe'
import { FAKE_CSP, fakeRenderer, rawRequest } from './helpers'

describe('regstudio serve over HTTP', () => {
  let dir: string
  let server: ServeHandle

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-http-'))
    const renderer = await fakeRenderer(dir)
    await symlink(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.txt'))
    server = await startServe({ workspace: join(dir, 'ws'), cacheDir: join(dir, 'cache'), rendererDir: renderer, port: 0 })
  })

  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('prints a loopback address with a 32-byte hex token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token).toMatch(/^[0-9a-f]{64}$/)
  })

  it('listens on loopback only: the port is closed on the other addresses of this machine', async (ctx) => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address)
    ctx.skip(others.length === 0, 'this machine has no non-loopback IPv4 address')
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: server.port })
        socket.setTimeout(2000, () => {
          socket.destroy()
          resolve('timeout')
        })
        socket.once('connect', () => {
          socket.destroy()
          resolve('connected')
        })
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
      })
      expect(outcome, address).toBe('ECONNREFUSED')
    }
  })

  it('refuses the page without the token or with a wrong one', async () => {
    const none = await rawRequest(server.origin, '/')
    const wrong = await rawRequest(server.origin, `/?token=${'0'.repeat(64)}`)
    expect([none.status, wrong.status]).toEqual([403, 403])
    expect(none.body).not.toContain('Regularization Studio')
    expect(none.headers['set-cookie']).toBeUndefined()
  })

  it('serves the page with the token, its CSP as a header, and a strict cookie that then loads the assets', async () => {
    const page = await rawRequest(server.origin, `/?token=${server.token}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Regularization Studio</title>')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe(FAKE_CSP)
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const [cookie] = page.headers['set-cookie'] as string[]
    expect(cookie).toBe(`regstudio-token-${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`)

    const withCookie = { cookie: cookie.split(';')[0] }
    const js = await rawRequest(server.origin, '/assets/app.js', { headers: withCookie })
    const css = await rawRequest(server.origin, '/assets/app.css', { headers: withCookie })
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)\n'])
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8'])
    expect((await rawRequest(server.origin, '/assets/app.js')).status).toBe(403)
    // A wrong query token is refused even next to a good cookie.
    expect((await rawRequest(server.origin, '/assets/app.js?token=nope', { headers: withCookie })).status).toBe(403)
  })

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const res = await rawRequest(server.origin, `/?token=${server.token}`, { headers: { host: `evil.example:${server.port}` } })
    expect(res.status).toBe(403)
  })

  it('never serves a file outside the renderer folder', async () => {
    const q = `?token=${server.token}`
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/../../secret.txt', '/../package.json']) {
      const res = await rawRequest(server.origin, path + q)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.body, path).not.toContain('SECRET')
    }
    const linked = await rawRequest(server.origin, '/assets/link.txt' + q)
    expect(linked.status).toBe(404)
    expect(linked.body).not.toContain('SECRET')
    expect((await rawRequest(server.origin, '/%00' + q)).status).toBe(400)
    expect((await rawRequest(server.origin, '/assets' + q)).status).toBe(404)
    expect((await rawRequest(server.origin, '/missing.js' + q)).status).toBe(404)
  })

  it('answers a request target that is no URL with 400, for pages and upgrades, and keeps serving', async () => {
    const send = (head: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(head))
        let text = ''
        socket.on('data', (c: Buffer) => (text += c.toString()))
        socket.on('close', () => resolve(text))
      })
    const host = `Host: 127.0.0.1:${server.port}`
    expect(await send(`GET http://[ HTTP/1.1\r\n${host}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400[^]*malformed address/)
    const upgrade = `GET http://[ HTTP/1.1\r\n${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`
    expect(await send(upgrade)).toMatch(/^HTTP\/1\.1 404/)
    expect((await rawRequest(server.origin, `/?token=${server.token}`)).status).toBe(200)
  })

  it('answers only GET and HEAD for files', async () => {
    const post = await rawRequest(server.origin, `/?token=${server.token}`, { method: 'POST' })
    const head = await rawRequest(server.origin, `/assets/app.js?token=${server.token}`, { method: 'HEAD' })
    expect(post.status).toBe(405)
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '15', ''])
  })

  it('refuses to start without a built renderer, telling the user to build it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'regstudio-serve-empty-'))
    try {
      const failure = startServe({ workspace: join(empty, 'ws'), cacheDir: join(empty, 'cache'), rendererDir: empty, port: 0 })
      await expect(failure).rejects.toBeInstanceOf(UserError)
      await expect(failure).rejects.toThrow(/index\.html is missing: build the renderer first with `npm run build`/)
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('names a port already in use as a user error', async () => {
    const clash = startServe({ workspace: join(dir, 'ws2'), cacheDir: join(dir, 'cache'), rendererDir: join(dir, 'renderer'), port: server.port })
    await expect(clash).rejects.toThrow(`port ${server.port} is already in use on 127.0.0.1`)
  })
})
