import { describe, expect, it } from 'vitest'
import { checkRedisUrl, maskRedisUrl } from '../../../../../src/main/core/queue/redisUrl'
import { maskSecrets, redisOptions } from '../../../../../src/main/core/queue/redisConnection'

describe('Redis URLs', () => {
  it('never shows a password', () => {
    expect(maskRedisUrl('redis://:hunter2@10.0.0.5:6380')).toBe('redis://:***@10.0.0.5:6380')
    expect(maskRedisUrl('rediss://admin:hunter2@redis.lab:6380/2')).toBe('rediss://***:***@redis.lab:6380/2')
    expect(maskRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379')
    expect(maskRedisUrl('hunter2')).not.toContain('hunter2')
    expect(maskSecrets('WRONGPASS hunter2 rejected', 'redis://:hunter2@h:1')).toBe('WRONGPASS *** rejected')
  })

  it('refuses other schemes with the password masked, and reads TLS, user, password and database', () => {
    expect(() => checkRedisUrl('http://:hunter2@h:1')).toThrow(/must start with redis:\/\/ or rediss:\/\/, got http:\/\/:\*\*\*@h:1/)
    expect(() => checkRedisUrl('not a url')).toThrow(/needs a Redis URL/)
    expect(redisOptions('rediss://me:p%40ss@redis.lab:6380/3')).toMatchObject({ host: 'redis.lab', port: 6380, username: 'me', password: 'p@ss', db: 3, tls: { servername: 'redis.lab' } })
    expect(redisOptions('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, tls: undefined })
  })
})

describe('the Redis password from the environment', () => {
  it('is used when the URL has none, so it need not appear on a command line', () => {
    const before = process.env.REGSTUDIO_REDIS_PASSWORD
    process.env.REGSTUDIO_REDIS_PASSWORD = 'from-env'
    try {
      expect(redisOptions('redis://h:1').password).toBe('from-env')
      expect(redisOptions('redis://:in-url@h:1').password).toBe('in-url')
    } finally {
      if (before === undefined) delete process.env.REGSTUDIO_REDIS_PASSWORD
      else process.env.REGSTUDIO_REDIS_PASSWORD = before
    }
  })
})
