import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../support/cli'
import { freePort } from '../../../support/redisServer'

describe('regstudio worker and --queue', () => {
  it('say in one line, exit 2, that Redis is unreachable, naming the URL without its password', async () => {
    const port = await freePort()
    const url = `redis://:topsecret@127.0.0.1:${port}`
    const [worker, study] = await Promise.all([
      runCli(['worker', '--queue', url]),
      runCli(['study', '--queue', url, '--quick', '--workspace', join(__dirname, 'never-created')])
    ])
    for (const [r, name] of [[worker, 'worker'], [study, 'study']] as const) {
      expect(r.code).toBe(2)
      expect(r.stderr.trim()).toMatch(new RegExp(`^regstudio ${name}: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))
      expect(r.stderr).not.toContain('topsecret')
    }
  })

  it('needs a queue URL', async () => {
    const r = await runCli(['worker'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe('regstudio worker: --queue URL is needed, e.g. --queue redis://127.0.0.1:6379')
  })

  it('loads nothing of BullMQ or Redis for a host without --queue', () => {
    const script = [
      "require('tsx/cjs')",
      "require('./src/main/cli/main.ts')",
      "require('./src/main/serve/startServe.ts')",
      "const loaded = Object.keys(require.cache).filter((p) => /node_modules[\\\\/](bullmq|ioredis)[\\\\/]/.test(p))",
      'process.stdout.write(JSON.stringify(loaded))'
    ].join(';')
    const r = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..', '..', '..'), encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([])
  })
})
