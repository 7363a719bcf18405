/**
 * One host per workspace: a lock file holding the owner's pid. A second host gets a clear refusal
 * instead of marking the first one's running runs as interrupted; a lock left by a dead process is
 * taken over.
 */
import { hostname } from 'node:os'
import { open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { UserError } from '../../../shared/errors'
import { fsFailureReason } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'

export const LOCK_FILE = '.regstudio.lock'

interface LockOwner {
  pid: number
  host: string
  command: string
  since: string
}

export interface WorkspaceLock {
  release(): Promise<void>
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner
    return typeof owner.pid === 'number' ? owner : null
  } catch {
    return null
  }
}

function unusable(workspace: string, err: unknown): UserError {
  return new UserError('WORKSPACE_UNUSABLE', `Cannot use workspace ${workspace}: ${fsFailureReason(err)}`, { workspace })
}

export async function acquireWorkspaceLock(workspace: string, command: string): Promise<WorkspaceLock> {
  try {
    await ensureDir(workspace)
  } catch (err) {
    throw unusable(workspace, err)
  }
  const file = join(workspace, LOCK_FILE)
  const me: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx')
      await handle.writeFile(JSON.stringify(me))
      await handle.close()
      return {
        release: async () => {
          const owner = await readOwner(file)
          // A workspace that became read-only keeps the file; the next host finds this pid gone and takes over.
          if (owner?.pid === me.pid && owner.host === me.host) await rm(file, { force: true }).catch(() => undefined)
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(workspace, err)
      const owner = await readOwner(file)
      // A lock from another machine (shared folder) cannot be checked for liveness: refuse.
      if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
        throw new UserError(
          'workspace_locked',
          `workspace ${workspace} is in use by ${owner.command} (pid ${owner.pid} on ${owner.host}, since ${owner.since}); stop it or use another --workspace`
        )
      }
      await rm(file, { force: true }).catch((rmErr: unknown) => {
        throw unusable(workspace, rmErr)
      })
    }
  }
  throw new UserError('workspace_locked', `workspace ${workspace} is being taken by another process; try again`)
}
