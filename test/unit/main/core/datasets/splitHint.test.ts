import { describe, expect, it } from 'vitest'
import { setHint, splitHint } from '../../../../../src/main/core/datasets/splitHint'

describe('split hints from file names', () => {
  it('reads train, t10k and test from the base name only', () => {
    expect(splitHint('/data/test-run/train-images-idx3-ubyte.gz')).toBe('train')
    expect(splitHint('T10K-labels-idx1-ubyte')).toBe('test')
    expect(splitHint('fashion-mnist_test.csv')).toBe('test')
    expect(splitHint('images.gz')).toBeNull()
    expect(splitHint('train_test_mix.csv')).toBeNull()
  })

  it('combines the hints of a set only when they agree', () => {
    expect(setHint(['train-images', 'labels-a'])).toBe('train')
    expect(setHint(['train-images', 'test-labels'])).toBeNull()
    expect(setHint(['a', 'b'])).toBeNull()
  })
})
