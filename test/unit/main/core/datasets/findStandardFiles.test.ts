import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findStandardFiles } from '../../../../../src/main/core/datasets/findStandardFiles'
import { datasetError, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeEach(async () => {
  tmp = await tempDir()
})
afterEach(() => tmp.cleanup())

const IDX = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']

describe('findStandardFiles', () => {
  it('finds the four official IDX files, preferring gzip, raw otherwise', async () => {
    for (const name of IDX) await tmp.file(name, 'x')
    await tmp.file('train-images-idx3-ubyte.gz', 'x')
    await tmp.file('fashion-mnist_train.csv', 'x')
    await tmp.file('fashion-mnist_test.csv', 'x')
    expect(await findStandardFiles(tmp.dir)).toEqual([
      join(tmp.dir, 'train-images-idx3-ubyte.gz'),
      join(tmp.dir, 'train-labels-idx1-ubyte'),
      join(tmp.dir, 't10k-images-idx3-ubyte'),
      join(tmp.dir, 't10k-labels-idx1-ubyte')
    ])
  })

  it('falls back to the Kaggle CSV pair', async () => {
    await tmp.file('fashion-mnist_train.csv', 'x')
    await tmp.file('fashion-mnist_test.csv.gz', 'x')
    await tmp.file('train-images-idx3-ubyte.gz', 'x')
    expect(await findStandardFiles(tmp.dir)).toEqual([join(tmp.dir, 'fashion-mnist_train.csv'), join(tmp.dir, 'fashion-mnist_test.csv.gz')])
  })

  it('lists what it looked for and what is missing', async () => {
    await tmp.file('train-images-idx3-ubyte.gz', 'x')
    await mkdir(join(tmp.dir, 'train-labels-idx1-ubyte.gz'))
    const err = await datasetError(findStandardFiles(tmp.dir))
    expect(err.message).toContain(`${tmp.dir}: no complete set of dataset files under the standard names: looked for IDX files train-images-idx3-ubyte[.gz], `)
    expect(err.message).toContain('or fashion-mnist_train.csv[.gz] + fashion-mnist_test.csv[.gz]')
    expect(err.message).toContain(
      `; found ${join(tmp.dir, 'train-images-idx3-ubyte.gz')} but not train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]`
    )
  })

  it('rejects a missing folder and a file given as the folder', async () => {
    expect((await datasetError(findStandardFiles(join(tmp.dir, 'nope')))).message).toBe(`${join(tmp.dir, 'nope')}: no such folder`)
    const file = await tmp.file('plain', 'x')
    expect((await datasetError(findStandardFiles(file))).message).toBe(`${file}: is not a folder`)
  })
})
