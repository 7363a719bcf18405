import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasPublishedName, KNOWN_DATASETS, recognise } from '../../../../../src/main/core/datasets/official'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { tempDir } from './helpers'

const FIXTURES = '/work/shared/fixtures/fashion-mnist-official'
const NAMES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']

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

const known = (name: string) => KNOWN_DATASETS.find((d) => d.name === name)!
/** The four files of a known dataset as an upload folder would hold them, with their published sums. */
const filesOf = (name: string) => NAMES.map((file) => ({ file: `/tmp/regstudio-uploads-x/365be6/${file}`, md5: known(name).md5[file] }))

describe('published datasets recognised by MD5', () => {
  it('hashes only files named like a published file', () => {
    expect(hasPublishedName('/x/train-images-idx3-ubyte.gz')).toBe(true)
    expect(hasPublishedName('train-images-idx3-ubyte')).toBe(false)
    expect(hasPublishedName('toString')).toBe(false)
  })

  it('holds the published sums of MNIST, KMNIST and Fashion-MNIST, told apart though their file names are the same', () => {
    expect(known('MNIST').md5['train-images-idx3-ubyte.gz']).toBe('f68b3c2dcbeaaa9fbdd348bbdeb94873')
    expect(known('MNIST').md5['t10k-labels-idx1-ubyte.gz']).toBe('ec29112dd5afa0611ce80d1b7f02629c')
    expect(known('KMNIST').md5['train-labels-idx1-ubyte.gz']).toBe('e144d726b3acfaa3e44228e80efcd344')
    expect(known('Fashion-MNIST').md5['t10k-images-idx3-ubyte.gz']).toBe('bef4ecab320f06d8554ea6380940ec79')
    for (const name of ['MNIST', 'KMNIST', 'Fashion-MNIST']) {
      const r = recognise(filesOf(name))
      expect(r.dataset?.name).toBe(name)
      expect(r.warning).toBeNull()
    }
    expect(known('MNIST').classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(known('KMNIST').classNames).toEqual(['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'])
    expect(known('Fashion-MNIST').classNames[0]).toBe('T-shirt/top')
  })

  it('speaks of the dataset the other files matched, naming the differing file by its own name', () => {
    const files = filesOf('MNIST')
    files[3] = { ...files[3], md5: '0'.repeat(32) }
    const r = recognise(files)
    expect(r.dataset).toBeNull()
    expect(r.warning).toBe('t10k-labels-idx1-ubyte.gz differs from the published MNIST files: it is not the official data (imported anyway)')
    expect(r.warning).not.toContain('/tmp')
    expect(r.details).toEqual([`t10k-labels-idx1-ubyte.gz: MD5 ${'0'.repeat(32)}; published: MNIST ec29112dd5afa0611ce80d1b7f02629c`])
  })

  it('gives one warning for a whole set that matches nothing, with one detail line per file', () => {
    const r = recognise(NAMES.map((file, i) => ({ file: `/up/${file}`, md5: String(i).repeat(32) })))
    expect(r.warning).toBe('4 files differ from the published Fashion-MNIST, MNIST or KMNIST files: they are not the official data (imported anyway)')
    expect(r.details).toHaveLength(4)
    expect(r.details[0]).toMatch(/^train-images-idx3-ubyte\.gz: MD5 0{32}; published: Fashion-MNIST 8d4f.*, MNIST f68b.*, KMNIST bdb8/)
  })

  it('reads the official Fashion-MNIST labels and their published MD5s', async () => {
    const test = await readLabels(join(FIXTURES, 't10k-labels-idx1-ubyte.gz'))
    expect(test.count).toBe(10000)
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
    expect(test.md5).toBe(known('Fashion-MNIST').md5['t10k-labels-idx1-ubyte.gz'])
    const train = await readLabels(join(FIXTURES, 'train-labels-idx1-ubyte.gz'))
    expect(train.count).toBe(60000)
    expect(train.md5).toBe(known('Fashion-MNIST').md5['train-labels-idx1-ubyte.gz'])
  })

  it('computes no MD5 for the official file under another name, and a differing one under the official name', async () => {
    const renamed = join(tmp.dir, 'my-test-labels.gz')
    await copyFile(join(FIXTURES, 't10k-labels-idx1-ubyte.gz'), renamed)
    expect((await readLabels(renamed)).md5).toBeNull()
    const file = await tmp.file('t10k-labels-idx1-ubyte.gz', gzipSync(encodeIdxLabels(Uint8Array.from([1, 2, 3]))))
    const other = await readLabels(file)
    expect(other.md5).toMatch(/^[0-9a-f]{32}$/)
    expect(recognise([{ file, md5: other.md5 }]).warning).toMatch(/^t10k-labels-idx1-ubyte\.gz differs from the published Fashion-MNIST, MNIST or KMNIST files/)
  })
})
