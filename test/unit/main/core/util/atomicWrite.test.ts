import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileAtomic, writeJsonAtomic } from '../../../../../src/main/core/util/atomicWrite'
import { UserError } from '../../../../../src/shared/errors'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-atomic-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one, leaving no temp file', async () => {
    const file = join(dir, 'run.json')
    await writeFileAtomic(file, 'first')
    await writeFileAtomic(file, new Uint8Array([104, 105]))
    expect(await readFile(file, 'utf8')).toBe('hi')
    expect(await readdir(dir)).toEqual(['run.json'])
  })

  it('fails after writing the temp file without touching the target or leaving the temp behind', async () => {
    // Renaming a file over a non-empty folder fails, i.e. after the data was written and synced.
    const target = join(dir, 'model.json')
    await mkdir(target)
    await writeFile(join(target, 'keep.txt'), 'old')
    const attempt = writeFileAtomic(target, 'new content')
    await expect(attempt).rejects.toThrow(UserError)
    await expect(attempt).rejects.toThrow(`Cannot write ${target}:`)
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('old')
    expect(await readdir(dir)).toEqual(['model.json'])
  })

  it('keeps the old content when the write cannot even start', async () => {
    const file = join(dir, 'eval.json')
    await writeFile(file, 'old')
    await writeFile(join(dir, 'blocker'), 'a file, not a folder')
    await expect(writeFileAtomic(join(dir, 'blocker', 'eval.json'), 'new')).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringContaining(join(dir, 'blocker', 'eval.json'))
    })
    expect(await readFile(file, 'utf8')).toBe('old')
    expect((await readdir(dir)).sort()).toEqual(['blocker', 'eval.json'])
  })

  it('never mixes concurrent writes: the file ends as one whole version', async () => {
    const file = join(dir, 'run.json')
    const versions = Array.from({ length: 8 }, (_, i) => String(i).repeat(100_000))
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)))
    expect(versions).toContain(await readFile(file, 'utf8'))
    expect(await readdir(dir)).toEqual(['run.json'])
  })
})

describe('writeJsonAtomic', () => {
  it('writes JSON that reads back equal, ending with a newline', async () => {
    const file = join(dir, 'run.json')
    const value = { id: 'a', epochs: [1, 2], nested: { ok: true } }
    await writeJsonAtomic(file, value)
    const text = await readFile(file, 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(text)).toEqual(value)
  })
})
