import { describe, expect, it } from 'vitest'
import { gatherImageSet, stratifiedHoldout } from '../../../../../src/main/core/datasets/split'
import { jobSplit } from '../../../../../src/main/core/training/jobSplit'
import { syntheticSet } from '../../../../support/synthetic'

describe('jobSplit', () => {
  it('copies out the stratified hold-out and the rest', () => {
    const set = syntheticSet(200, 1)
    const { keep, holdout } = stratifiedHoldout(set.labels, 0.2, 7)
    const split = jobSplit(set, 0.2, 7)
    expect(split.train).toEqual(gatherImageSet(set, keep))
    expect(split.validation).toEqual(gatherImageSet(set, holdout))
  })

  it('gives the next job of the same set, hold-out and seed the same sets, and splits again when one of them differs', () => {
    const set = syntheticSet(200, 1)
    const first = jobSplit(set, 0.2, 7)
    expect(jobSplit(set, 0.2, 7)).toBe(first)
    const otherSeed = jobSplit(set, 0.2, 8)
    expect(otherSeed).not.toBe(first)
    expect(otherSeed.train.labels).not.toEqual(first.train.labels)
    expect(jobSplit(set, 0.1, 8).train.count).toBe(180)
    expect(jobSplit(syntheticSet(200, 1), 0.2, 7)).not.toBe(first)
  })

  it('has no validation set without a hold-out', () => {
    const set = syntheticSet(50, 2)
    expect(jobSplit(set, 0, 1)).toEqual({ train: set, validation: null })
  })
})
