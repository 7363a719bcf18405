/**
 * Binds the Studio API to WebSocket connections: each text frame is one request answered with
 * {id, response}; every Studio event goes to every open connection, so several tabs see the same runs.
 */
import { WebSocket, type WebSocketServer } from 'ws'
import { ERROR_CODES } from '../../shared/api'
import type { WsServerMessage } from '../../shared/wsProtocol'
import type { Studio } from '../core/studio/studio'
import { parseFrame } from './wsMessage'

/** Connections that stop answering pings (a sleeping laptop, a dropped tunnel) are closed. */
const HEARTBEAT_MS = 30_000
/**
 * A connection with this many requests unanswered stops being read (TCP pushes back on the client)
 * until it is down to RESUME_BELOW, so a flood of frames cannot pile up in the host's memory.
 */
const MAX_PENDING = 64
const RESUME_BELOW = 16

export function bridgeStudio(wss: WebSocketServer, studio: Studio): () => void {
  const alive = new WeakMap<WebSocket, boolean>()

  wss.on('connection', (socket) => {
    alive.set(socket, true)
    let pending = 0
    socket.on('pong', () => alive.set(socket, true))
    socket.on('message', (data: Buffer, isBinary) => {
      const frame = parseFrame(data, isBinary)
      if (!frame.ok) return send(socket, { id: frame.id, response: { ok: false, error: frame.error } })
      if (++pending >= MAX_PENDING) socket.pause()
      void studio.handle(frame.name, frame.input).then((response) => {
        send(socket, { id: frame.id, response })
        if (--pending < RESUME_BELOW && socket.isPaused) socket.resume()
      })
    })
    // A socket error (reset, oversized frame) is followed by close; ws needs a listener so it is not thrown.
    socket.on('error', () => undefined)
  })

  const unsubscribe = studio.onEvent((event) => {
    const text = JSON.stringify({ event } satisfies WsServerMessage)
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(text)
    }
  })

  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.get(client)) client.terminate()
      else {
        alive.set(client, false)
        client.ping()
      }
    }
  }, HEARTBEAT_MS).unref()

  return () => {
    clearInterval(heartbeat)
    unsubscribe()
  }
}

function send(socket: WebSocket, message: WsServerMessage): void {
  if (socket.readyState !== WebSocket.OPEN) return
  let text: string
  try {
    text = JSON.stringify(message)
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    const id = 'id' in message ? message.id : -1
    text = JSON.stringify({ id, response: { ok: false, error: { code: ERROR_CODES.internal, message: `the answer could not be encoded: ${reason}` } } })
  }
  socket.send(text)
}
