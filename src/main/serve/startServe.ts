/**
 * `regstudio serve`: the built renderer over HTTP and the Studio API over one WebSocket, on loopback
 * by default. Wire format: src/shared/wsProtocol.ts. Security, in order of checks:
 * - Host header must name this server (DNS rebinding), except when bound to every interface.
 * - Every request needs the token: `?token=` or, without one in the query, the HttpOnly SameSite=Strict
 *   cookie `regstudio-token-<port>` that a request with the right query token sets. 403 otherwise.
 * - /ws and /upload also need an Origin header equal to this server's own origin (403, no upgrade).
 * - Static files: GET/HEAD under the renderer folder only, with index.html's CSP as a header.
 * - WebSocket frames are capped at 1 MiB (close 1009); a frame that is no request is answered with a
 *   typed error, to its id or, when it has none, to id -1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { join } from 'node:path'
import { WebSocketServer } from 'ws'
import { ERROR_CODES } from '../../shared/api'
import { UserError } from '../../shared/errors'
import { TOKEN_PARAM, UPLOAD_PATH, WS_PATH } from '../../shared/wsProtocol'
import { Studio } from '../core/studio/studio'
import { defaultStudyConcurrency } from '../core/studio/runQueue'
import { spawnNodeTrainer, type SpawnTrainer } from '../core/training/trainerHost'
import { AccessPolicy, generateToken } from './access'
import { json, plain } from './reply'
import { openStaticSite, type StaticSite } from './staticFiles'
import { UploadStore, UploadTooLargeError } from './uploadStore'
import { bridgeStudio } from './wsBridge'
import { localExecutor } from '../core/studio/localExecutor'
import { fsFailureReason } from '../core/util/atomicWrite'
import { openRedisExecutor, QUEUE_LANES } from '../core/queue/redisExecutor'

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_MAX_UPLOAD_BYTES = 2 ** 30
/** Requests are small JSON; datasets come through /upload. */
export const MAX_MESSAGE_BYTES = 2 ** 20
export const DEFAULT_RENDERER_DIR = join(__dirname, '../../../out/renderer')

export interface ServeOptions {
  workspace: string
  cacheDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Default: 32 random bytes as hex. */
  token?: string
  maxUploadBytes?: number
  rendererDir?: string
  spawn?: SpawnTrainer
  version?: string
  /** Trainer processes at once (default: two on a machine with two or more cores; with a queue, every run). */
  concurrency?: number
  /** A Redis URL: runs then train on `regstudio worker`s through that queue instead of here. */
  queue?: string
  /** Told when the queue's connection to Redis fails or comes back. */
  onQueueLog?: (line: string) => void
}

export interface ServeHandle {
  /** The page to open, token included. */
  url: string
  origin: string
  port: number
  token: string
  uploadsDir: string
  /** Runs a crash had left running, now marked interrupted. */
  interrupted: string[]
  /** Runs a crashed host had left on the queue, followed again by this one. */
  resumed: string[]
  /** Stops accepting, closes the sockets, cancels runs and removes the uploads. */
  close(): Promise<void>
}

export async function startServe(opts: ServeOptions): Promise<ServeHandle> {
  const host = opts.host ?? DEFAULT_HOST
  const token = opts.token ?? generateToken()
  const site = await openStaticSite(opts.rendererDir ?? DEFAULT_RENDERER_DIR)
  const remote = opts.queue ? await openRedisExecutor(opts.queue, { onLog: opts.onQueueLog }) : undefined
  const concurrency = opts.concurrency ?? (remote ? QUEUE_LANES : defaultStudyConcurrency())
  const studio = new Studio({
    workspace: opts.workspace,
    cacheDir: opts.cacheDir,
    executor: remote ?? localExecutor(opts.spawn ?? spawnNodeTrainer, concurrency),
    transport: 'websocket',
    version: opts.version ?? '',
    resolveUpload: (id) => uploads.resolve(id),
    concurrency,
    queueStatus: remote ? () => remote.status() : undefined
  })
  // The workspace is taken first: a second server refused here must not touch the uploads of the first.
  const interrupted = await studio.init().catch(async (err: unknown) => {
    await remote?.close()
    throw err
  })
  let uploads: UploadStore
  try {
    uploads = await UploadStore.create({ root: join(opts.workspace, 'uploads'), maxBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES })
  } catch (err) {
    await studio.dispose()
    await remote?.close()
    throw new UserError('WORKSPACE_UNUSABLE', `Cannot make the upload folder in ${opts.workspace}: ${fsFailureReason(err)}`)
  }

  const server = createServer()
  try {
    await listen(server, opts.port ?? 0, host)
  } catch (err) {
    await Promise.all([studio.dispose().then(() => remote?.close()), uploads.dispose()])
    throw err
  }
  const port = (server.address() as AddressInfo).port
  const access = new AccessPolicy(token, host, port)
  const shownHost = host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : host.includes(':') ? `[${host}]` : host
  const origin = `http://${shownHost}:${port}`

  // Handlers attach before the event loop accepts the first connection.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const unbridge = bridgeStudio(wss, studio)
  server.on('request', (req, res) => {
    handleHttp(req, res, access, site, uploads).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Internal error')
      else res.destroy()
    })
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const refusal = upgradeRefusal(req, access)
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.text)
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  let closing: Promise<void> | undefined
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      unbridge()
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const client of wss.clients) client.close(1001, 'server shutting down')
      server.closeAllConnections()
      await studio.dispose()
      await remote?.close()
      for (const client of wss.clients) client.terminate()
      await stopped
      await uploads.dispose()
    })())

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    uploadsDir: uploads.dir,
    interrupted,
    resumed: studio.resumedRuns,
    close
  }
}

async function handleHttp(req: IncomingMessage, res: ServerResponse, access: AccessPolicy, site: StaticSite, uploads: UploadStore): Promise<void> {
  res.setHeader('Content-Security-Policy', site.csp)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  // The token is in the page URL: never hand it to anyone in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer')
  const url = requestUrl(req)
  if (!url) return plain(res, 400, 'Bad request: malformed address')
  if (!access.hostAllowed(req)) return plain(res, 403, 'Forbidden: unknown Host header')
  if (!access.hasToken(req, url)) {
    return plain(res, 403, 'Forbidden: open the address `regstudio serve` printed, with its ?token=...')
  }
  if (url.pathname === UPLOAD_PATH) return handleUpload(req, res, access, uploads)
  if (url.searchParams.has(TOKEN_PARAM)) res.setHeader('Set-Cookie', access.setCookieHeader())
  await site.serve(req, res, url.pathname)
}

async function handleUpload(req: IncomingMessage, res: ServerResponse, access: AccessPolicy, uploads: UploadStore): Promise<void> {
  if (!access.originAllowed(req)) return json(res, 403, { error: { code: ERROR_CODES.forbidden, message: 'uploads must come from this server\'s own page (Origin)' } })
  if (req.method !== 'POST') return json(res, 405, { error: { code: 'method_not_allowed', message: 'uploads are POST requests' } }, { Allow: 'POST' })
  try {
    json(res, 200, await uploads.receive(req))
  } catch (err) {
    if (res.destroyed) return
    const status = err instanceof UploadTooLargeError ? 413 : err instanceof UserError ? 400 : 500
    const error = err instanceof UserError ? err.toValue() : { code: ERROR_CODES.internal, message: `the upload failed: ${err instanceof Error ? err.message : String(err)}` }
    // The rest of a refused body is not read: close the connection once the answer is out.
    json(res, status, { error }, { Connection: 'close' })
  }
}

/** The request target as a URL (only its path and query are used); null when it does not parse. */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://host.invalid')
  } catch {
    return null
  }
}

function upgradeRefusal(req: IncomingMessage, access: AccessPolicy): { status: number; text: string } | null {
  const url = requestUrl(req)
  if (url?.pathname !== WS_PATH) return { status: 404, text: 'Not found' }
  if (!access.hostAllowed(req)) return { status: 403, text: 'Forbidden: unknown Host header' }
  if (!access.hasToken(req, url)) return { status: 403, text: 'Forbidden: wrong or missing token' }
  if (!access.originAllowed(req)) return { status: 403, text: 'Forbidden: the Origin is not this server' }
  return null
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const reason = status === 404 ? 'Not Found' : 'Forbidden'
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
  )
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EADDRINUSE') reject(new UserError('port_in_use', `port ${port} is already in use on ${host}; pick another with --port N (0 picks a free one)`))
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new UserError('bad_host', `cannot listen on ${host}: no such local address`))
      else if (err.code === 'EACCES') reject(new UserError('port_denied', `not allowed to listen on port ${port} of ${host}; pick a port above 1023`))
      else reject(err)
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}
