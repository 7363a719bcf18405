import { describe, expect, it } from 'vitest'
import { fingerprintDataset } from '../../../../../src/main/core/datasets/fingerprint'
import { summarizeDataset } from '../../../../../src/main/core/datasets/summary'
import type { Dataset } from '../../../../../src/main/core/datasets/types'
import { numberedClassNames } from '../../../../../src/shared/classNames'

describe('summarizeDataset', () => {
  it('counts examples per class in each split and carries source, fingerprint and warnings', () => {
    const trainLabels = Uint8Array.from([0, 0, 0, 3, 9, 9, 1])
    const testLabels = Uint8Array.from([5, 5, 2])
    const ds: Dataset = {
      source: { kind: 'idx', description: 'test files', files: ['/a', '/b'] },
      train: { count: 7, images: new Uint8Array(7 * 784), labels: trainLabels },
      test: { count: 3, images: new Uint8Array(3 * 784), labels: testLabels },
      classNames: numberedClassNames(10),
      warnings: ['w1']
    }
    const s = summarizeDataset(ds)
    expect(s.train).toEqual({ count: 7, perClass: [3, 1, 0, 1, 0, 0, 0, 0, 0, 2] })
    expect(s.test).toEqual({ count: 3, perClass: [0, 0, 1, 0, 0, 2, 0, 0, 0, 0] })
    expect(s.source).toEqual(ds.source)
    expect(s.fingerprint).toBe(fingerprintDataset(ds))
    expect(s.warnings).toEqual(['w1'])
    s.warnings.push('later')
    expect(ds.warnings).toEqual(['w1'])
  })
})
