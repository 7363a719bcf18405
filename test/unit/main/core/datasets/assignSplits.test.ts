import { describe, expect, it } from 'vitest'
import { assignSplits } from '../../../../../src/main/core/datasets/assignSplits'
import type { LoadedSet } from '../../../../../src/main/core/datasets/pairFiles'
import { datasetErrorSync } from './helpers'

const loaded = (files: string[], count: number): LoadedSet => ({
  kind: 'csv',
  files,
  set: { count, images: new Uint8Array(count * 784), labels: new Uint8Array(count) },
  md5s: files.map(() => null),
  labelAt: (i) => ({ file: files[0], place: `row ${i}` })
})

const roles = (a: LoadedSet, b: LoadedSet) => {
  const { train, test } = assignSplits([a, b])
  return [train.files[0], test.files[0]]
}

describe('assignSplits', () => {
  it('follows the names first', () => {
    expect(roles(loaded(['t10k.csv'], 50), loaded(['train.csv'], 10))).toEqual(['train.csv', 't10k.csv'])
    expect(roles(loaded(['test.csv'], 5), loaded(['other.csv'], 1))).toEqual(['other.csv', 'test.csv'])
    expect(roles(loaded(['mine.csv'], 1), loaded(['train.csv'], 5))).toEqual(['train.csv', 'mine.csv'])
  })

  it('takes the larger set as train when names say nothing or the same thing', () => {
    expect(roles(loaded(['a.csv'], 3), loaded(['b.csv'], 7))).toEqual(['b.csv', 'a.csv'])
    expect(roles(loaded(['train-1.csv'], 9), loaded(['train-2.csv'], 2))).toEqual(['train-1.csv', 'train-2.csv'])
  })

  it('refuses to guess between equal sets with uninformative names', () => {
    const err = datasetErrorSync(() => assignSplits([loaded(['a.csv'], 4), loaded(['b.csv'], 4)]))
    expect(err.message).toBe(
      'cannot tell train from test: [a.csv, 4 images] and [b.csv, 4 images] are the same size and their names do not say; put "train" in one name and "test" in the other'
    )
  })

  it('names the missing split', () => {
    expect(datasetErrorSync(() => assignSplits([loaded(['fashion-mnist_test.csv'], 4)])).message).toBe(
      'the train set is missing: only a test set was found [fashion-mnist_test.csv, 4 images]; add the other split (an IDX images + labels pair or a CSV file)'
    )
  })

  it('counts a single image in the singular', () => {
    expect(datasetErrorSync(() => assignSplits([loaded(['wronghdr.csv'], 1)])).message).toBe(
      'a train and a test set are needed, but only one set was found [wronghdr.csv, 1 image] and its name does not say which split it is; add the other split (an IDX images + labels pair or a CSV file)'
    )
  })
})
