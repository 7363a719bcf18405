/** Helpers for the serve tests: a fake built renderer, raw HTTP requests and a test WebSocket client. */
import { request } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import type { RequestName, Response, StudioEvent } from '../../../../src/shared/api'
import type { WsServerMessage } from '../../../../src/shared/wsProtocol'

export const FAKE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'"

/** A renderer folder like out/renderer, inside `dir`, with a file beside it that must never be served. */
export async function fakeRenderer(dir: string): Promise<string> {
  const root = join(dir, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(
    join(root, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FAKE_CSP}" /><title>Regularization Studio</title></head><body></body></html>`
  )
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)\n')
  await writeFile(join(root, 'assets', 'app.css'), 'body{}\n')
  await writeFile(join(dir, 'secret.txt'), 'SECRET outside the renderer\n')
  return root
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One HTTP request with the path sent as given (no URL normalisation, unlike fetch). */
export function rawRequest(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string | number>; body?: Buffer | Buffer[] } = {}
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin)
    // Options rather than a URL string, so `..` segments reach the server untouched.
    const req = request({ hostname, port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    const body = opts.body
    if (Array.isArray(body)) for (const b of body) req.write(b)
    else if (body) req.write(body)
    req.end()
  })
}

/** A connected test client that records every message. */
export class TestSocket {
  readonly messages: WsServerMessage[] = []
  private nextId = 1
  private readonly waiters: (() => void)[] = []

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as WsServerMessage)
      for (const w of this.waiters.splice(0)) w()
    })
  }

  static open(url: string, headers: Record<string, string> = {}, origin?: string): Promise<TestSocket> {
    const ws = new WebSocket(url, { headers, origin })
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)))
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      ws.once('error', reject)
    })
  }

  /** The status with which an upgrade is refused (the promise rejects if the socket opens). */
  static refusal(url: string, headers: Record<string, string> = {}, origin?: string): Promise<number> {
    const ws = new WebSocket(url, { headers, origin })
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        ws.close()
        reject(new Error('the upgrade was accepted'))
      })
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        res.resume()
        ws.terminate()
      })
      ws.once('error', () => undefined)
    })
  }

  send(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary })
  }

  async request(name: RequestName | string, input: unknown): Promise<Response<RequestName>> {
    const id = this.nextId++
    this.send(JSON.stringify({ id, name, input }))
    return (await this.waitFor((m) => 'id' in m && m.id === id)) as unknown as Response<RequestName>
  }

  /** The response sent to id `id` (e.g. -1), waiting for it. */
  async responseTo(id: number): Promise<Response<RequestName>> {
    const m = (await this.waitForMessage((m) => 'id' in m && m.id === id)) as { response: Response<RequestName> }
    return m.response
  }

  events(): StudioEvent[] {
    return this.messages.flatMap((m) => ('event' in m ? [m.event] : []))
  }

  async waitForEvent(predicate: (e: StudioEvent) => boolean, timeoutMs = 50_000): Promise<StudioEvent> {
    const m = await this.waitForMessage((m) => 'event' in m && predicate(m.event), timeoutMs)
    return (m as { event: StudioEvent }).event
  }

  close(): void {
    this.ws.terminate()
  }

  private async waitFor(predicate: (m: WsServerMessage) => boolean): Promise<unknown> {
    const m = await this.waitForMessage(predicate)
    return 'response' in m ? m.response : m
  }

  private async waitForMessage(predicate: (m: WsServerMessage) => boolean, timeoutMs = 20_000): Promise<WsServerMessage> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.find(predicate)
      if (found) return found
      if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 500)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }
}

export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

/**
 * Uploads files to a `regstudio serve` host (POST /upload, as the page does) and imports them as one
 * dataset over `socket`; returns the dataset's id.
 */
export async function uploadDataset(host: { origin: string; token: string }, socket: TestSocket, files: readonly (readonly [string, Buffer])[]): Promise<string> {
  const uploadIds: string[] = []
  for (const [name, body] of files) {
    const res = await rawRequest(host.origin, `/upload?token=${host.token}`, { method: 'POST', headers: { origin: host.origin, 'x-file-name': name }, body })
    uploadIds.push((JSON.parse(res.body) as { uploadId: string }).uploadId)
  }
  const imported = await socket.request('datasets.importUploads', { uploadIds })
  if (!imported.ok) throw new Error(imported.error.message)
  return (imported.result as { id: string }).id
}
