import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireWorkspaceLock, LOCK_FILE } from '../../../../../src/main/core/runs/workspaceLock'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-lock-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('acquireWorkspaceLock', () => {
  it('refuses a second host with a message naming the first, and frees the workspace on release', async () => {
    const first = await acquireWorkspaceLock(dir, 'regstudio serve')
    await expect(acquireWorkspaceLock(dir, 'regstudio study')).rejects.toThrow(
      new RegExp(`workspace .* is in use by regstudio serve \\(pid ${process.pid} on `)
    )
    await first.release()
    await expect(stat(join(dir, LOCK_FILE))).rejects.toThrow()
    const second = await acquireWorkspaceLock(dir, 'regstudio study')
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).command).toBe('regstudio study')
    await second.release()
  })

  it('takes over a lock left by a process that no longer exists', async () => {
    const child = spawn(process.execPath, ['-e', '0'])
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)))
    const { hostname } = await import('node:os')
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), command: 'crashed', since: '' }))
    const lock = await acquireWorkspaceLock(dir, 'regstudio serve')
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })
})
