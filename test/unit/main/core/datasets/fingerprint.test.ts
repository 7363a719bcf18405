import { describe, expect, it } from 'vitest'
import { fingerprintDataset } from '../../../../../src/main/core/datasets/fingerprint'
import type { Dataset } from '../../../../../src/main/core/datasets/types'
import { makeSet } from './helpers'
import { numberedClassNames } from '../../../../../src/shared/classNames'

function dataset(): Dataset {
  return { source: { kind: 'csv', description: 'd', files: [] }, train: makeSet(20, 1), test: makeSet(5, 2), classNames: numberedClassNames(10), warnings: [] }
}

describe('fingerprintDataset', () => {
  it('is SHA-256 hex, stable, and ignores the source description', () => {
    const a = dataset()
    const b = { ...dataset(), source: { kind: 'idx' as const, description: 'other', files: ['/x'] } }
    expect(fingerprintDataset(a)).toMatch(/^[0-9a-f]{64}$/)
    expect(fingerprintDataset(a)).toBe(fingerprintDataset(b))
  })

  it('changes with any pixel or label of either split, and when train and test are swapped', () => {
    const base = fingerprintDataset(dataset())
    const edits: Array<(d: Dataset) => void> = [
      (d) => (d.train.images[100] ^= 1),
      (d) => (d.train.labels[3] = (d.train.labels[3] + 1) % 10),
      (d) => (d.test.images[0] ^= 1),
      (d) => (d.test.labels[4] = (d.test.labels[4] + 1) % 10),
      (d) => ([d.train, d.test] = [d.test, d.train])
    ]
    for (const edit of edits) {
      const d = dataset()
      edit(d)
      expect(fingerprintDataset(d)).not.toBe(base)
    }
  })
})
