/**
 * Redis addresses as users give them (`redis://[:pass@]host:port[/db]`, `rediss://` for TLS).
 * The password never leaves this process in a message: everything shown goes through maskRedisUrl.
 */
import { UserError } from '../../../shared/errors'

/** The URL with any user name and password replaced, for messages and logs. */
export function maskRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? '***' : ''
      parsed.password = '***'
    }
    return parsed.toString().replace(/\/$/, '')
  } catch {
    // Not a URL at all: nothing of it is shown, as it may be a password typed in the wrong place.
    return '(an invalid Redis URL)'
  }
}

/** Checks the scheme and host up front, so a typo is one line at start and not a retry loop. */
export function checkRedisUrl(url: string, flag = '--queue'): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UserError('usage', `${flag} needs a Redis URL such as redis://127.0.0.1:6379 or rediss://:PASSWORD@HOST:PORT`)
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UserError('usage', `${flag} must start with redis:// or rediss://, got ${maskRedisUrl(url)}`)
  }
  if (!parsed.hostname) throw new UserError('usage', `${flag} names no host: ${maskRedisUrl(url)}`)
  return url
}
