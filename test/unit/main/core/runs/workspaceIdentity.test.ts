import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isWorkspaceId, WORKSPACE_ID_FILE, workspaceIdentity } from '../../../../../src/main/core/runs/workspaceIdentity'

let workspace: string
beforeEach(async () => (workspace = await mkdtemp(join(tmpdir(), 'regstudio-wsid-'))))
afterEach(() => rm(workspace, { recursive: true, force: true }))

describe('workspaceIdentity', () => {
  it('makes an id once and reads the same one back', async () => {
    const id = await workspaceIdentity(workspace)
    expect(isWorkspaceId(id)).toBe(true)
    expect(await workspaceIdentity(workspace)).toBe(id)
    expect(await readFile(join(workspace, WORKSPACE_ID_FILE), 'utf8')).toBe(`${id}\n`)
  })

  it('replaces a damaged id file with a new id', async () => {
    await writeFile(join(workspace, WORKSPACE_ID_FILE), 'not an id')
    const id = await workspaceIdentity(workspace)
    expect(isWorkspaceId(id)).toBe(true)
    expect(await readFile(join(workspace, WORKSPACE_ID_FILE), 'utf8')).toBe(`${id}\n`)
  })

  it('names the file when it cannot be written', async () => {
    await expect(workspaceIdentity(join(workspace, 'missing', 'deeper'))).rejects.toThrow(/Cannot write .*workspace-id: the folder does not exist/)
  })
})
