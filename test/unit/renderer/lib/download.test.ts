import { describe, expect, it } from 'vitest'
import { fileSlug } from '../../../../src/renderer/src/lib/download'

describe('fileSlug', () => {
  it('makes a safe file name from a chart title', () => {
    expect(fileSlug('baseline: loss and accuracy')).toBe('baseline-loss-and-accuracy')
    expect(fileSlug('Weights, Layer 1: 784 × 512')).toBe('weights-layer-1-784-512')
    expect(fileSlug('../..')).toBe('chart')
  })
})
