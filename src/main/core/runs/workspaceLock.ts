/**
 * One host per workspace. A second host gets a clear refusal instead of marking the first one's
 * running runs as interrupted; a lock left by a dead process is taken over.
 *
 * Taking over must be atomic even when many hosts start together after a crash, and "delete the
 * stale file, then create" is not (two hosts can each delete and re-create it). So the lock is a
 * series of generations, `.regstudio.lock.<n>`: the highest one present is the lock. A host takes
 * generation n+1 with link(), which creates it only if it does not exist, from a file it has already
 * written, so a lock is never seen empty. Only the host that made generation n+1 wins it; it then
 * checks that no higher generation appeared (made by a host that found an older listing), and
 * backs off if one did. The highest generation is never deleted, only marked released, so
 * generations never go back and a slow host can never win one that is already superseded.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { link, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../../shared/errors'
import { fsFailureReason } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'
import { isProcessAlive } from '../util/processAlive'

/** Generation 0, the lock file of earlier versions (created empty, then written). */
export const LOCK_FILE = '.regstudio.lock'
const GENERATION = /^\.regstudio\.lock\.(\d+)$/
/** An unreadable lock this young may still be being written by an earlier version: never taken for stale. */
const YOUNG_MS = 10_000
const ATTEMPTS = 20

export interface LockOwner {
  pid: number
  host: string
  command: string
  since: string
  released?: boolean
}

export interface WorkspaceLock {
  release(): Promise<void>
}

/** The workspace's current owner: who holds the newest lock, and whether that process is still there. */
export type OwnerState = { owner: LockOwner; alive: boolean } | { owner: undefined; alive: false }

function generationFile(workspace: string, generation: number): string {
  return join(workspace, generation === 0 ? LOCK_FILE : `${LOCK_FILE}.${generation}`)
}

/** Generations present, highest first. */
async function generations(workspace: string): Promise<number[]> {
  const names = await readdir(workspace)
  const found = names.flatMap((name) => {
    if (name === LOCK_FILE) return [0]
    const m = GENERATION.exec(name)
    return m ? [Number(m[1])] : []
  })
  return found.sort((a, b) => b - a)
}

type Read = { kind: 'owner'; owner: LockOwner } | { kind: 'gone' } | { kind: 'unreadable'; young: boolean }

async function readGeneration(file: string): Promise<Read> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' }
    throw err
  }
  try {
    const owner = JSON.parse(text) as LockOwner
    if (typeof owner.pid === 'number' && typeof owner.host === 'string') return { kind: 'owner', owner }
  } catch {
    // Falls through: an earlier version's lock between its creation and its write, or a damaged one.
  }
  const young = await stat(file).then(
    (s) => Date.now() - s.mtimeMs < YOUNG_MS,
    () => false
  )
  return { kind: 'unreadable', young }
}

/** True when the owner still holds the workspace: not released, and its process exists (or cannot be checked). */
function holds(owner: LockOwner, me: LockOwner): boolean {
  if (owner.released) return false
  // A lock from another machine (shared folder) cannot be checked for liveness: it holds.
  return owner.host !== me.host || isProcessAlive(owner.pid)
}

/** Who owns the workspace now, for listings that only read it (`regstudio report --list`). */
export async function readWorkspaceOwner(workspace: string): Promise<OwnerState> {
  const [top] = await generations(workspace).catch(() => [] as number[])
  if (top === undefined) return { owner: undefined, alive: false }
  const read = await readGeneration(generationFile(workspace, top)).catch((): Read => ({ kind: 'gone' }))
  if (read.kind !== 'owner' || read.owner.released) return { owner: undefined, alive: false }
  return { owner: read.owner, alive: holds(read.owner, { ...read.owner, host: hostname() }) }
}

function unusable(workspace: string, err: unknown): UserError {
  return new UserError('WORKSPACE_UNUSABLE', `Cannot use workspace ${workspace}: ${fsFailureReason(err)}`, { workspace })
}

function inUse(workspace: string, owner: LockOwner): UserError {
  return new UserError(
    'workspace_locked',
    `workspace ${workspace} is in use by ${owner.command} (pid ${owner.pid} on ${owner.host}, since ${owner.since}); stop it or use another --workspace`
  )
}

function beingTaken(workspace: string): UserError {
  return new UserError('workspace_locked', `workspace ${workspace} is being taken by another process; try again`)
}

export async function acquireWorkspaceLock(workspace: string, command: string): Promise<WorkspaceLock> {
  try {
    await ensureDir(workspace)
  } catch (err) {
    throw unusable(workspace, err)
  }
  const me: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() }
  // Written in full before link() makes it the lock, so no host ever reads a lock without its owner.
  const draft = join(workspace, `${LOCK_FILE}-draft-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(draft, JSON.stringify(me))
  } catch (err) {
    throw unusable(workspace, err)
  }
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const [top] = await generations(workspace)
      if (top !== undefined) {
        const read = await readGeneration(generationFile(workspace, top))
        if (read.kind === 'gone') continue
        if (read.kind === 'owner' && holds(read.owner, me)) throw inUse(workspace, read.owner)
        if (read.kind === 'unreadable' && read.young) throw beingTaken(workspace)
      }
      const mine = (top ?? 0) + 1
      const file = generationFile(workspace, mine)
      try {
        await link(draft, file)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue
        throw err
      }
      // A host that listed before an older generation was cleared may have made a higher one meanwhile.
      const [highest] = await generations(workspace)
      if (highest !== mine) {
        await rm(file, { force: true })
        continue
      }
      await clearOlder(workspace, mine)
      return { release: () => release(workspace, file, me) }
    }
  } catch (err) {
    if (err instanceof UserError) throw err
    throw unusable(workspace, err)
  } finally {
    await rm(draft, { force: true }).catch(() => undefined)
  }
  throw beingTaken(workspace)
}

/** Drafts and release files of a host killed while it wrote them: `<LOCK_FILE>-draft-<pid>-<random>`. */
const LEFTOVER = /^\.regstudio\.lock-(?:draft|release)-(\d+)-[0-9a-f]+$/

/**
 * Superseded generations are only clutter (a host that wins one of them again backs off, as above),
 * and so are the drafts of hosts that died while taking or releasing the lock.
 */
async function clearOlder(workspace: string, current: number): Promise<void> {
  for (const generation of await generations(workspace)) {
    if (generation < current) await rm(generationFile(workspace, generation), { force: true }).catch(() => undefined)
  }
  for (const name of await readdir(workspace)) {
    const leftover = LEFTOVER.exec(name)
    if (leftover && !isProcessAlive(Number(leftover[1]))) await rm(join(workspace, name), { force: true }).catch(() => undefined)
  }
}

/** Marks the lock released in place: deleting it would let generations go back (see the top of the file). */
async function release(workspace: string, file: string, me: LockOwner): Promise<void> {
  const read = await readGeneration(file).catch((): Read => ({ kind: 'gone' }))
  if (read.kind !== 'owner' || read.owner.pid !== me.pid || read.owner.host !== me.host) return
  const temp = join(workspace, `${LOCK_FILE}-release-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(temp, JSON.stringify({ ...me, released: true }))
    await rename(temp, file)
  } catch {
    // A workspace that became read-only keeps the lock; the next host finds this pid gone and takes over.
    await rm(temp, { force: true }).catch(() => undefined)
  }
}
