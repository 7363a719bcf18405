import { describe, expect, it } from 'vitest'
import { UserError } from '../../../../src/shared/errors'
import { decodeUploadName } from '../../../../src/main/serve/uploadName'

describe('decodeUploadName', () => {
  it('decodes percent-encoded UTF-8 names and keeps them whole', () => {
    for (const name of ['train.csv', 'fashion-mnist_test (2).csv', 't10k-images-idx3-ubyte.gz', 'données d’entraînement.csv', '.hidden.csv']) {
      expect(decodeUploadName(encodeURIComponent(name))).toBe(name)
    }
    expect(decodeUploadName('plain name.csv')).toBe('plain name.csv')
  })

  it('refuses names that are paths, traversals, control characters or too long, naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['../x.csv', /contains a path separator/],
      ['..', /contains "\.\."/],
      ['a..b', /contains "\.\."/],
      ['dir/x.csv', /path separator/],
      ['dir\\x.csv', /path separator/],
      ['/abs.csv', /path separator/],
      ['C:x.csv', /looks like a path/],
      ['.', /is not a file name/],
      ['bell\u0007.csv', /control characters/],
      ['del\u007f.csv', /control characters/],
      ['c1\u009b.csv', /control characters/],
      [' ', /is empty/],
      ['é'.repeat(128), /longer than 255 bytes/]
    ]
    for (const [name, problem] of cases) {
      expect(() => decodeUploadName(encodeURIComponent(name)), JSON.stringify(name)).toThrow(problem)
    }
  })

  it('refuses a missing header and bad percent-encoding as user errors', () => {
    for (const header of [undefined, '', ['a', 'b'], '%E0%A4%A', '%ZZ']) {
      expect(() => decodeUploadName(header)).toThrow(UserError)
    }
  })
})
