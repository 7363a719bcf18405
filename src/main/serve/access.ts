/**
 * Who may talk to `regstudio serve`: a secret token (query parameter or the cookie a page load with
 * the right token sets) for everything, and for the WebSocket and uploads also an Origin header equal
 * to the server's own origin, so another site open in the same browser cannot drive the API.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { TOKEN_PARAM } from '../../shared/wsProtocol'

/** 32 random bytes as hex, as Jupyter does. */
export function generateToken(): string {
  return randomBytes(32).toString('hex')
}

/** Tokens travel in URLs and cookies: URL-safe characters only, so no encoding question arises. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{1,256}$/

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]'])
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost'])

export class AccessPolicy {
  /** Cookies ignore ports: the port in the name keeps two servers on one host apart. */
  readonly cookieName: string
  /** The origins the server answers as; null when bound to every interface (then Origin must match Host). */
  private readonly origins: Set<string> | null

  constructor(
    private readonly token: string,
    host: string,
    port: number
  ) {
    this.cookieName = `regstudio-token-${port}`
    if (WILDCARD_HOSTS.has(host)) this.origins = null
    else {
      const names = LOOPBACK_HOSTS.has(host) ? [...LOOPBACK_HOSTS] : [host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]
      this.origins = new Set(names.map((h) => `http://${h}:${port}`))
    }
  }

  /** The right token in the query, or (no token in the query) in the cookie. A wrong query token is refused even with a good cookie. */
  hasToken(req: IncomingMessage, url: URL): boolean {
    const given = url.searchParams.get(TOKEN_PARAM)
    if (given !== null) return this.matches(given)
    const cookie = readCookie(req.headers.cookie, this.cookieName)
    return cookie !== undefined && this.matches(cookie)
  }

  /** The Host header names this server (defence against DNS rebinding; wildcard binds accept any). */
  hostAllowed(req: IncomingMessage): boolean {
    return this.origins === null || this.origins.has(`http://${req.headers.host ?? ''}`)
  }

  /** The Origin header is this server's own origin. Non-browser clients must send it too. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin
    if (!origin) return false
    return this.origins === null ? origin === `http://${req.headers.host ?? ''}` : this.origins.has(origin)
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`
  }

  private matches(given: string): boolean {
    // Hashing first gives equal lengths, so the comparison time says nothing about the token.
    return timingSafeEqual(digest(given), digest(this.token))
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}
