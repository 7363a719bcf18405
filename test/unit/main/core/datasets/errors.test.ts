import { describe, expect, it } from 'vitest'
import { DatasetError, byteOffset } from '../../../../../src/main/core/datasets/errors'
import { UserError } from '../../../../../src/shared/errors'

describe('DatasetError', () => {
  it('is a UserError with code dataset_invalid and a `file: location: problem` message', () => {
    const err = DatasetError.at('data/x.csv', 'line 12, column 785', 'pixel 300 outside 0..255')
    expect(err).toBeInstanceOf(UserError)
    expect(err.code).toBe('dataset_invalid')
    expect(err.message).toBe('data/x.csv: line 12, column 785: pixel 300 outside 0..255')
    expect(err.toValue()).toEqual({
      code: 'dataset_invalid',
      message: err.message,
      details: { file: 'data/x.csv', location: 'line 12, column 785', problem: 'pixel 300 outside 0..255' }
    })
    expect(DatasetError.at('x', null, 'no such file').message).toBe('x: no such file')
  })

  it('marks offsets inside decompressed content', () => {
    expect(byteOffset(4, false)).toBe('byte offset 4')
    expect(byteOffset(4, true)).toBe('byte offset 4 after decompression')
  })
})
