/**
 * The Studio API over the WebSocket of `regstudio serve` (wire format: src/shared/wsProtocol.ts).
 * The token comes from the page address (?token=...); without one, the HttpOnly cookie the server set
 * on the first page load authenticates. A dropped connection fails the requests in flight and is
 * reopened with exponential backoff; requests made while it is down fail at once. Connection
 * listeners hear each loss and each reconnection (events sent meanwhile are not replayed).
 */
import { ERROR_CODES, type RequestInput, type RequestName, type Response, type Results, type StudioClient, type StudioEvent } from '../../../shared/api'
import type { StudioErrorValue } from '../../../shared/errors'
import { TOKEN_PARAM, UPLOAD_PATH, WS_PATH, type UploadResult, type WsRequest, type WsServerMessage } from '../../../shared/wsProtocol'
import { StudioRequestError } from './studioError'

const BACKOFF_MIN_MS = 250
const BACKOFF_MAX_MS = 10_000

type Pending = { resolve: (response: Response<RequestName>) => void; reject: (err: Error) => void }

/** The address parts the client reads; `window.location` in the app. */
export type PageLocation = Pick<Location, 'protocol' | 'host' | 'origin' | 'search'>

export interface WsStudioClient extends StudioClient {
  onConnection(listener: (connected: boolean) => void): () => void
  /** Closes the connection for good (no reconnect); requests in flight fail. */
  close(): void
}

export function createWsClient(location: PageLocation): WsStudioClient {
  return new WsClient(`${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WS_PATH}${tokenQuery(location)}`)
}

/** Uploads files one after another (POST /upload); import them with datasets.importUploads. */
export async function uploadFiles(files: File[], signal?: AbortSignal, location: PageLocation = window.location): Promise<UploadResult[]> {
  const results: UploadResult[] = []
  for (const file of files) {
    const response = await fetch(`${location.origin}${UPLOAD_PATH}${tokenQuery(location)}`, {
      method: 'POST',
      // Header values are ASCII: the server decodes the percent-encoded UTF-8 name.
      headers: { 'X-File-Name': encodeURIComponent(file.name) },
      body: file,
      signal
    }).catch((err: unknown) => {
      if (signal?.aborted) throw new StudioRequestError({ code: ERROR_CODES.cancelled, message: 'the import was cancelled' })
      throw disconnected(`the upload of ${file.name} failed: ${err instanceof Error ? err.message : String(err)}`)
    })
    const body = (await response.json().catch(() => null)) as Partial<UploadResult> & { error?: StudioErrorValue } | null
    if (!response.ok || !body?.uploadId) {
      throw new StudioRequestError(body?.error ?? { code: 'upload_failed', message: `the upload of ${file.name} failed (HTTP ${response.status})` })
    }
    results.push(body as UploadResult)
  }
  return results
}

class WsClient implements WsStudioClient {
  private socket!: WebSocket
  /** Resolves when the current socket opens; rejects if it closes first. */
  private opened!: Promise<WebSocket>
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Set<(event: StudioEvent) => void>()
  private readonly connectionListeners = new Set<(connected: boolean) => void>()
  /** Whether the current socket is open, and whether one ever was (the first open is no reconnection). */
  private up = false
  private everUp = false
  private nextId = 1
  private failures = 0
  private closed = false
  private retryTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly url: string) {
    this.connect()
  }

  async request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Results[N]> {
    const socket = await this.opened
    if (socket.readyState !== WebSocket.OPEN) throw disconnected()
    const id = this.nextId++
    const response = await new Promise<Response<RequestName>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      socket.send(JSON.stringify({ id, name, input } satisfies WsRequest))
    })
    if (!response.ok) throw new StudioRequestError(response.error)
    return response.result as Results[N]
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  close(): void {
    this.closed = true
    clearTimeout(this.retryTimer)
    this.socket.close(1000)
  }

  private connect(): void {
    const socket = new WebSocket(this.url)
    this.socket = socket
    this.opened = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => {
        this.failures = 0
        resolve(socket)
        const reconnected = this.everUp
        this.up = this.everUp = true
        if (reconnected) this.notifyConnection(true)
      })
      socket.addEventListener('close', () => reject(disconnected()))
    })
    // Requests observe the rejection; this keeps it from being reported as unhandled meanwhile.
    this.opened.catch(() => undefined)
    socket.addEventListener('message', (e) => this.receive(e.data))
    socket.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(disconnected())
      this.pending.clear()
      if (this.closed) return
      if (this.up) {
        this.up = false
        this.notifyConnection(false)
      }
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.failures++)
      this.retryTimer = setTimeout(() => this.connect(), delay)
    })
  }

  private notifyConnection(connected: boolean): void {
    notifyAll(this.connectionListeners, connected)
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return
    const message = JSON.parse(data) as WsServerMessage
    if ('event' in message) {
      notifyAll(this.listeners, message.event)
      return
    }
    const pending = this.pending.get(message.id)
    this.pending.delete(message.id)
    pending?.resolve(message.response)
  }
}

function notifyAll<T>(listeners: Iterable<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value)
    } catch (err) {
      // Report a broken listener without depriving the others.
      queueMicrotask(() => {
        throw err
      })
    }
  }
}

function tokenQuery(location: PageLocation): string {
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM)
  return token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : ''
}

/** What a request made while the connection is down fails with; stale once it is back. */
export const DISCONNECTED_MESSAGE = 'lost the connection to regstudio serve (reconnecting); try again'

function disconnected(message = DISCONNECTED_MESSAGE): StudioRequestError {
  return new StudioRequestError({ code: 'disconnected', message })
}
