import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { request } from 'node:http'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type ServeHandle } from '../../../../src/main/serve/startServe'
import { tinyCsv } from '../../../e2e/support/tinyDataset'
import { fakeRenderer, rawRequest, TestSocket } from './helpers'

const CAP = 64 * 1024

describe('regstudio serve uploads', () => {
  let dir: string
  let server: ServeHandle
  let uploadPath: string

  const upload = (name: string, body: Buffer | Buffer[], headers: Record<string, string | number> = {}) =>
    rawRequest(server.origin, uploadPath, {
      method: 'POST',
      headers: { origin: server.origin, 'x-file-name': encodeURIComponent(name), ...headers },
      body
    })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-up-'))
    server = await startServe({
      workspace: join(dir, 'ws'),
      cacheDir: join(dir, 'cache'),
      rendererDir: await fakeRenderer(dir),
      port: 0,
      maxUploadBytes: CAP
    })
    uploadPath = `/upload?token=${server.token}`
  })

  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses uploads without the token or from another origin', async () => {
    const noToken = await rawRequest(server.origin, '/upload', { method: 'POST', headers: { origin: server.origin, 'x-file-name': 'a.csv' }, body: Buffer.from('x') })
    const foreign = await upload('a.csv', Buffer.from('x'), { origin: 'http://evil.example' })
    const noOrigin = await rawRequest(server.origin, uploadPath, { method: 'POST', headers: { 'x-file-name': 'a.csv' }, body: Buffer.from('x') })
    expect([noToken.status, foreign.status, noOrigin.status]).toEqual([403, 403, 403])
    expect(JSON.parse(foreign.body)).toMatchObject({ error: { code: 'forbidden' } })
    expect(await readdir(server.uploadsDir)).toEqual([])
  })

  it('stores an upload under its own id with its original name', async () => {
    const name = 'train données (1).csv'
    const res = await upload(name, Buffer.from('label\n'))
    expect(res.status).toBe(200)
    const result = JSON.parse(res.body) as { uploadId: string; fileName: string; bytes: number }
    expect(result).toEqual({ uploadId: expect.stringMatching(/^[0-9a-f]{32}$/), fileName: name, bytes: 6 })
    expect(await readFile(join(server.uploadsDir, result.uploadId, name), 'utf8')).toBe('label\n')
  })

  it('refuses a file over the cap with 413 and leaves no partial file, declared or streamed', async () => {
    const before = await readdir(server.uploadsDir)
    const declared = await upload('big.csv', Buffer.alloc(CAP + 1, 49))
    // Chunked: no Content-Length, so the server finds out while writing.
    const streamed = await upload('big.csv', [Buffer.alloc(CAP / 2, 49), Buffer.alloc(CAP / 2, 49), Buffer.alloc(CAP, 49)], { 'transfer-encoding': 'chunked' })
    for (const res of [declared, streamed]) {
      expect(res.status).toBe(413)
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_large', message: expect.stringContaining('big.csv is larger than the upload limit of 64 KiB') } })
    }
    expect(await readdir(server.uploadsDir)).toEqual(before)
    const exact = await upload('exact.csv', Buffer.alloc(CAP, 49))
    expect(exact.status).toBe(200)
  })

  it('removes the partial file of an upload the client abandons', async () => {
    const before = await readdir(server.uploadsDir)
    const req = request(`${server.origin}${uploadPath}`, {
      method: 'POST',
      headers: { origin: server.origin, 'x-file-name': 'half.csv', 'content-length': 4000 }
    })
    req.on('error', () => undefined)
    req.write(Buffer.alloc(2000, 49))
    // Wait until the server has created the upload's folder, then drop the connection.
    await expect.poll(async () => (await readdir(server.uploadsDir)).length).toBe(before.length + 1)
    req.destroy()
    await expect.poll(async () => (await readdir(server.uploadsDir)).length).toBe(before.length)
  })

  it('refuses names that could leave the upload folder or garble messages', async () => {
    const before = await readdir(server.uploadsDir)
    const bad = ['../evil.csv', '..', '.', 'a/b.csv', 'a\\b.csv', '/etc/passwd', 'C:evil.csv', 'x\u0000.csv', 'line\nbreak.csv', 'esc\u001b[31m.csv', '   ', 'a..b.csv', 'x'.repeat(256)]
    for (const name of bad) {
      const res = await upload(name, Buffer.from('1'))
      expect(res.status, JSON.stringify(name)).toBe(400)
      expect(JSON.parse(res.body), JSON.stringify(name)).toMatchObject({ error: { code: 'invalid_upload' } })
    }
    const raw = await upload('', Buffer.from('1'), { 'x-file-name': '%E0%A4%A' })
    const missing = await rawRequest(server.origin, uploadPath, { method: 'POST', headers: { origin: server.origin }, body: Buffer.from('1') })
    expect([raw.status, missing.status]).toEqual([400, 400])
    expect(await readdir(server.uploadsDir)).toEqual(before)
    expect(existsSync(join(dirname(server.uploadsDir), 'evil.csv'))).toBe(false)
  })

  it('accepts only POST', async () => {
    const res = await rawRequest(server.origin, uploadPath, { headers: { origin: server.origin } })
    expect(res.status).toBe(405)
  })

  it('imports uploaded CSV files as a dataset, telling train from test by their names', async () => {
    const uploads = [await upload('tiny-train.csv', tinyCsv(2)), await upload('tiny-test.csv', tinyCsv(1, 5))]
    expect(uploads.map((u) => u.status)).toEqual([200, 200])
    const [train, test] = uploads.map((u) => JSON.parse(u.body) as { uploadId: string })
    const socket = await TestSocket.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {}, server.origin)
    const response = await socket.request('datasets.importUploads', { uploadIds: [test.uploadId, train.uploadId] })
    expect(response, JSON.stringify(response)).toMatchObject({ ok: true, result: { summary: { train: { count: 20 }, test: { count: 10 }, source: { kind: 'csv' } } } })
    socket.close()
  })

  it('keeps finished uploads within four times the cap, deleting the oldest first', async () => {
    const ids: string[] = []
    for (let i = 0; i < 6; i++) {
      const res = await upload(`part-${i}.csv`, Buffer.alloc(60 * 1024, 0x31))
      expect(res.status).toBe(200)
      ids.push((JSON.parse(res.body) as { uploadId: string }).uploadId)
    }
    const kept = await readdir(server.uploadsDir)
    // 4 x 64 KiB holds four of the 60 KiB files: the two oldest went, with everything uploaded before them.
    expect(kept.sort()).toEqual(ids.slice(2).sort())
    const socket = await TestSocket.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {}, server.origin)
    const evicted = await socket.request('datasets.importUploads', { uploadIds: [ids[0]] })
    expect(evicted).toMatchObject({ ok: false, error: { code: 'not_found', message: `no upload "${ids[0]}" (upload the file again)` } })
    socket.close()
  })

  it('removes every upload when the server stops', async () => {
    const other = await startServe({ workspace: join(dir, 'ws2'), cacheDir: join(dir, 'cache'), rendererDir: join(dir, 'renderer'), port: 0 })
    const res = await rawRequest(other.origin, `/upload?token=${other.token}`, {
      method: 'POST',
      headers: { origin: other.origin, 'x-file-name': 'a.csv' },
      body: Buffer.from('1')
    })
    expect(res.status).toBe(200)
    await other.close()
    expect(existsSync(other.uploadsDir)).toBe(false)
  })

  it('keeps at most 16 finished uploads, empty ones included', async () => {
    for (let i = 0; i < 20; i++) expect((await upload(`empty-${i}.csv`, Buffer.alloc(0))).status).toBe(200)
    expect((await readdir(server.uploadsDir)).length).toBeLessThanOrEqual(16)
  })

  it('keeps uploads in the workspace, and the next server removes those of a killed one (only if its process is gone)', async () => {
    const workspace = join(dir, 'ws3')
    expect(dirname(server.uploadsDir)).toBe(join(dir, 'ws', 'uploads'))
    // A server killed with SIGKILL leaves its folder; so does one still running elsewhere on the machine.
    const killed = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
    const alive = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
    try {
      const leftovers = [`serve-${killed.pid}-0badf00d`, `serve-${alive.pid}-0badf00d`]
      for (const name of leftovers) {
        await mkdir(join(workspace, 'uploads', name, 'abc'), { recursive: true })
        await writeFile(join(workspace, 'uploads', name, 'abc', 'train.csv'), 'label\n')
      }
      killed.kill('SIGKILL')
      await new Promise((resolve) => killed.once('exit', resolve))
      const next = await startServe({ workspace, cacheDir: join(dir, 'cache'), rendererDir: join(dir, 'renderer'), port: 0 })
      try {
        const kept = await readdir(join(workspace, 'uploads'))
        expect(kept.sort()).toEqual([leftovers[1], basename(next.uploadsDir)].sort())
      } finally {
        await next.close()
      }
    } finally {
      alive.kill()
    }
  })
})
