import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface, type Interface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireWorkspaceLock, LOCK_FILE, readWorkspaceOwner } from '../../../../../src/main/core/runs/workspaceLock'

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'])
  return new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)))
}

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
    expect(await readWorkspaceOwner(dir)).toMatchObject({ owner: { command: 'regstudio serve', pid: process.pid }, alive: true })
    await first.release()
    expect(await readWorkspaceOwner(dir)).toEqual({ owner: undefined, alive: false })
    const second = await acquireWorkspaceLock(dir, 'regstudio study')
    expect(await readWorkspaceOwner(dir)).toMatchObject({ owner: { command: 'regstudio study' }, alive: true })
    await second.release()
  })

  it('takes over a lock left by a process that no longer exists', async () => {
    const dead = await deadPid()
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), command: 'crashed', since: '' }))
    // It was killed while taking the lock once more.
    await writeFile(join(dir, `${LOCK_FILE}-draft-${dead}-0badf00d`), '{}')
    expect(await readWorkspaceOwner(dir)).toMatchObject({ owner: { command: 'crashed' }, alive: false })
    const lock = await acquireWorkspaceLock(dir, 'regstudio serve')
    expect(await readWorkspaceOwner(dir)).toMatchObject({ owner: { pid: process.pid }, alive: true })
    expect(await readdir(dir)).toEqual([`${LOCK_FILE}.1`])
    await lock.release()
  })

  it('never takes a just-created lock that has no owner written yet for a stale one', async () => {
    await writeFile(join(dir, LOCK_FILE), '')
    await expect(acquireWorkspaceLock(dir, 'regstudio serve')).rejects.toThrow(/is being taken by another process; try again/)
    expect((await stat(join(dir, LOCK_FILE))).size).toBe(0)
  })

  it('gives a stale lock to exactly one of many processes racing for it (50 tries, 6 processes each)', async () => {
    const RACERS = 6
    const TRIES = 50
    const racers = Array.from({ length: RACERS }, () =>
      spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, '../../../../support/lockRacer.ts')], { stdio: 'pipe' })
    )
    const lines: Interface[] = racers.map((r: ChildProcessWithoutNullStreams) => createInterface({ input: r.stdout }))
    const answer = (i: number) => new Promise<string>((resolve) => lines[i].once('line', resolve))
    const ask = (message: string) => {
      const answers = racers.map((_, i) => answer(i))
      for (const racer of racers) racer.stdin.write(`${message}\n`)
      return Promise.all(answers)
    }
    try {
      const stale = { pid: await deadPid(), host: hostname(), command: 'crashed', since: '' }
      const winners: number[] = []
      for (let t = 0; t < TRIES; t++) {
        const workspace = join(dir, `ws-${t}`)
        await mkdir(workspace)
        await writeFile(join(workspace, LOCK_FILE), JSON.stringify(stale))
        const answers = await ask(`take ${workspace}`)
        for (const a of answers) expect(a).toMatch(/^(won|refused: workspace .* is (in use by racer|being taken by another process))/)
        winners.push(answers.filter((a) => a === 'won').length)
        expect(await readWorkspaceOwner(workspace)).toMatchObject({ owner: { command: 'racer' }, alive: true })
        await ask('release')
        // Only the newest generation is left once the race is over (no drafts, no superseded ones).
        expect((await readdir(workspace)).filter((n) => n.startsWith(LOCK_FILE))).toHaveLength(1)
      }
      expect(winners.every((w) => w === 1), `winners per try: ${winners.join(' ')}`).toBe(true)
    } finally {
      for (const racer of racers) racer.kill()
    }
  }, 60_000)
})
