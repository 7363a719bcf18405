/** Connections to Redis from a URL, and the check a host or worker makes before it relies on one. */
import type { Redis, RedisOptions } from 'ioredis'
import { UserError } from '../../../shared/errors'
import { checkRedisUrl, maskRedisUrl } from './redisUrl'

/** How long the start check waits for Redis to answer. */
const REACH_TIMEOUT_MS = 3000

/** ioredis options from a redis:// or rediss:// URL, for BullMQ (which opens its own connections) and for ours. */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(checkRedisUrl(url))
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0
  if (!Number.isInteger(db) || db < 0) throw new UserError('usage', `the Redis database in ${maskRedisUrl(url)} must be a whole number`)
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    // A URL on a command line is visible to every user of the machine (ps); the environment is not.
    password: parsed.password ? decodeURIComponent(parsed.password) : process.env.REGSTUDIO_REDIS_PASSWORD || undefined,
    db,
    tls: parsed.protocol === 'rediss:' ? { servername: parsed.hostname } : undefined
  }
}

/**
 * A connection for plain commands. Commands fail after a few reconnection attempts instead of
 * waiting for ever, so a run fails with a message when Redis goes away. Errors are reported through
 * `onError` (ioredis would print them itself otherwise, and retries on its own).
 */
export function openRedis(url: string, onError: (err: Error) => void = () => undefined, extra: RedisOptions = {}): Redis {
  // Loaded on first use: a host without a queue never loads it.
  const { Redis } = require('ioredis') as typeof import('ioredis')
  const redis = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 3, ...extra })
  redis.on('error', onError)
  return redis
}

/** Throws a UserError naming the URL (password masked) when Redis does not answer a PING now. */
export async function assertRedisReachable(url: string): Promise<void> {
  let lastError: Error | undefined
  const probe = openRedis(url, (err) => (lastError = err), { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: REACH_TIMEOUT_MS })
  try {
    await withTimeout(
      probe.connect().then(() => probe.ping()),
      REACH_TIMEOUT_MS,
      'no answer'
    )
  } catch (err) {
    const reason = lastError?.message ?? (err instanceof Error ? err.message : String(err))
    throw new UserError('redis_unreachable', `cannot reach Redis at ${maskRedisUrl(url)}: ${maskSecrets(reason, url)}`)
  } finally {
    probe.disconnect()
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)))
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/** An error text with the URL's password taken out, should a driver ever quote it. */
export function maskSecrets(text: string, url: string): string {
  try {
    const { password } = new URL(url)
    return password ? text.split(password).join('***').split(decodeURIComponent(password)).join('***') : text
  } catch {
    return text
  }
}
