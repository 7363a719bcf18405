import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PathAllowlist } from '../../../../src/main/electron/pathAllowlist'

describe('PathAllowlist', () => {
  it('allows only the paths added, in any spelling of the same path', () => {
    const list = new PathAllowlist()
    const chosen = resolve('/data/fashion/train.csv')
    list.allow([chosen])
    expect(list.has(chosen)).toBe(true)
    expect(list.has(join('/data/fashion/x/..', 'train.csv'))).toBe(true)
    expect(list.has(resolve('/data/fashion/test.csv'))).toBe(false)
    expect(list.has(resolve('/data/fashion'))).toBe(false)
  })

  it('starts empty', () => {
    expect(new PathAllowlist().has(resolve('/etc/passwd'))).toBe(false)
  })
})
