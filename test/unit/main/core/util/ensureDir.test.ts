import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, parse } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDir } from '../../../../../src/main/core/util/ensureDir'

describe('ensureDir', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-ensure-dir-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('makes a folder and its missing parents, and accepts one that exists', async () => {
    const deep = join(dir, 'a', 'b', 'c')
    await ensureDir(deep)
    expect((await stat(deep)).isDirectory()).toBe(true)
    await ensureDir(deep)
    await Promise.all([ensureDir(join(dir, 'x', 'y')), ensureDir(join(dir, 'x', 'z'))])
    expect((await stat(join(dir, 'x', 'z'))).isDirectory()).toBe(true)
    // The root exists, whatever code the system gives for making it again.
    await expect(ensureDir(parse(dir).root)).resolves.toBeUndefined()
  })

  it('refuses a path through a file with the error of the folder it could not make', async () => {
    await writeFile(join(dir, 'file'), 'x')
    await expect(ensureDir(join(dir, 'file'))).rejects.toMatchObject({ code: 'EEXIST' })
    await expect(ensureDir(join(dir, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' })
  })

  // Node 20's recursive mkdir never returns here: /proc exists but refuses new entries with ENOENT.
  it.skipIf(process.platform !== 'linux')('fails, and does not loop, where the parent exists but refuses children', async () => {
    await expect(ensureDir('/proc/regstudio-test/sub')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
