import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { officialMd5, officialMismatch } from '../../../../../src/main/core/datasets/official'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { tempDir } from './helpers'

const FIXTURES = '/work/shared/fixtures/fashion-mnist-official'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

async function readLabels(file: string) {
  const parsed = await readDatasetFile(file)
  if (parsed.kind !== 'labels') throw new Error(`expected labels, got ${parsed.kind}`)
  return parsed
}

describe('official Fashion-MNIST files', () => {
  it('knows the published MD5 of the four official files only', () => {
    expect(officialMd5('/x/train-images-idx3-ubyte.gz')).toBe('8d4fb7e6c68d591d4c3dfef9ec88bf0d')
    expect(officialMd5('t10k-images-idx3-ubyte.gz')).toBe('bef4ecab320f06d8554ea6380940ec79')
    expect(officialMd5('train-images-idx3-ubyte')).toBeNull()
    expect(officialMd5('toString')).toBeNull()
    expect(officialMismatch('t10k-labels-idx1-ubyte.gz', 'bb300cfdad3c16e7a12a480ee83cd310')).toBeNull()
  })

  it('reads the official test labels: 10000, first ten 9 2 1 1 6 1 4 6 5 7, no warning', async () => {
    const labels = await readLabels(join(FIXTURES, 't10k-labels-idx1-ubyte.gz'))
    expect(labels.count).toBe(10000)
    expect(Array.from(labels.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
    expect(labels.warnings).toEqual([])
  })

  it('reads the official training labels: 60000, first ten 9 0 0 3 0 2 7 2 5 5, no warning', async () => {
    const labels = await readLabels(join(FIXTURES, 'train-labels-idx1-ubyte.gz'))
    expect(labels.count).toBe(60000)
    expect(Array.from(labels.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
    expect(labels.warnings).toEqual([])
  })

  it('warns, without failing, when a file named as official has other content', async () => {
    const file = await tmp.file('t10k-labels-idx1-ubyte.gz', gzipSync(encodeIdxLabels(Uint8Array.from([1, 2, 3]))))
    const labels = await readLabels(file)
    expect(labels.count).toBe(3)
    expect(labels.warnings).toHaveLength(1)
    expect(labels.warnings[0]).toMatch(
      new RegExp(`^${file}: MD5 [0-9a-f]{32} differs from the published bb300cfdad3c16e7a12a480ee83cd310 of the official t10k-labels-idx1-ubyte\\.gz`)
    )
  })

  it('does not warn for the official file under another name', async () => {
    const file = join(tmp.dir, 'my-test-labels.gz')
    await copyFile(join(FIXTURES, 't10k-labels-idx1-ubyte.gz'), file)
    expect((await readLabels(file)).warnings).toEqual([])
  })
})
