/** The desktop app's queue setting under Node: saved, shown masked, applied at next start, a bad file named in one line. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openConfiguredQueue } from '../../../../../src/main/core/settings/configuredQueue'
import { readSettings, saveQueueSetting, shownQueueSetting } from '../../../../../src/main/core/settings/queueSetting'
import { startRedis, type LocalRedis } from '../../../../support/redisServer'

let dir: string
let file: string
let redis: LocalRedis
beforeAll(async () => (redis = await startRedis({ password: 'pw-42' })))
afterAll(() => redis?.stop())
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-settings-'))
  file = join(dir, 'settings.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('queue setting', () => {
  it('saves a URL, shows its password masked, keeps the saved password when the masked one is saved back, and clears', async () => {
    await writeFile(file, JSON.stringify({ theme: 'dark' }))
    expect(await saveQueueSetting(file, { url: ' redis://:hunter2@box:6390/1 ' })).toEqual({ url: 'redis://:***@box:6390/1' })
    expect(await readSettings(file)).toEqual({ theme: 'dark', queue: { url: 'redis://:hunter2@box:6390/1' } })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    // The dialog shows the masked URL; saving it back with another port keeps the password.
    expect(await saveQueueSetting(file, { url: 'redis://:***@box:6391/1' })).toEqual({ url: 'redis://:***@box:6391/1' })
    expect((await readSettings(file)).queue?.url).toBe('redis://:hunter2@box:6391/1')
    expect(await saveQueueSetting(file, { url: '' })).toEqual({ url: null })
    expect(await readSettings(file)).toEqual({ theme: 'dark' })
    expect(shownQueueSetting({})).toEqual({ url: null })
  })

  it('refuses a URL that is not Redis, or a masked password with none saved, leaving the file as it was', async () => {
    await saveQueueSetting(file, { url: 'redis://127.0.0.1:6379' })
    const before = await readFile(file, 'utf8')
    await expect(saveQueueSetting(file, { url: 'localhost:6379' })).rejects.toThrow('the queue URL must start with redis:// or rediss://')
    await expect(saveQueueSetting(file, { url: 'redis://:***@box:1' })).rejects.toThrow('the queue URL has a masked password (***) and none is saved: type it')
    expect(await readFile(file, 'utf8')).toBe(before)
  })

  it('names a damaged settings file and the problem in one line', async () => {
    await writeFile(file, '{"queue": {"url": 5}}')
    await expect(readSettings(file)).rejects.toThrow(`${file}: queue.url must be a string`)
    await writeFile(file, '{"queue": ')
    await expect(readSettings(file)).rejects.toThrow(new RegExp(`^${file}: is not JSON`))
  })

  it('opens the saved queue at start and reports a setting saved later as waiting for the next start', async () => {
    await saveQueueSetting(file, { url: redis.url })
    const queue = await openConfiguredQueue(file)
    try {
      expect(queue.executor).toBeDefined()
      expect(await queue.status()).toEqual({ mode: 'queue', url: `redis://:***@127.0.0.1:${redis.port}`, reachable: true, workers: [], waiting: 0, active: 0 })
      await saveQueueSetting(file, { url: null })
      expect(await queue.status()).toMatchObject({ mode: 'queue', saved: { url: null } })
    } finally {
      await queue.executor?.close()
    }
  })

  it('trains here, saying why, when the saved queue does not answer at start', async () => {
    await saveQueueSetting(file, { url: 'redis://:pw@127.0.0.1:1' })
    const queue = await openConfiguredQueue(file)
    expect(queue.executor).toBeUndefined()
    const status = await queue.status()
    expect(status).toMatchObject({ mode: 'local', url: 'redis://:***@127.0.0.1:1', workers: [] })
    expect(status.problem).toMatch(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*; runs train on this machine until the app starts with the queue reachable$/)
    expect(JSON.stringify(status)).not.toContain(':pw@')
  })
})
