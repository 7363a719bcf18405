/**
 * A workspace's own id, made once and kept in `<workspace>/workspace-id`. Jobs a host puts on a
 * queue carry it, so a host restarted on the same workspace finds its own jobs again, and never another's.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFailed, writeFileAtomic } from '../util/atomicWrite'

export const WORKSPACE_ID_FILE = 'workspace-id'
const WORKSPACE_ID = /^[0-9a-f]{32}$/

export function isWorkspaceId(value: unknown): value is string {
  return typeof value === 'string' && WORKSPACE_ID.test(value)
}

/** The id in the workspace; made when missing or unreadable (only the host holding the workspace lock calls this). */
export async function workspaceIdentity(workspace: string): Promise<string> {
  const file = join(workspace, WORKSPACE_ID_FILE)
  const kept = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => ''
  )
  if (isWorkspaceId(kept)) return kept
  const id = randomBytes(16).toString('hex')
  try {
    await writeFileAtomic(file, `${id}\n`)
  } catch (err) {
    throw writeFailed(file, err)
  }
  return id
}
