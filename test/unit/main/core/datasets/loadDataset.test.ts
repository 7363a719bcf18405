import { describe, expect, it } from 'vitest'
import { limitDataset } from '../../../../../src/main/core/datasets/loadDataset'
import { tinyDataset } from '../../../../support/tinyDataset'

describe('limitDataset', () => {
  const whole = tinyDataset(400, 100)

  it('cuts seeded stratified subsets and says so in the description', () => {
    const quick = limitDataset(whole, 100, 50, 7)
    expect([quick.train.count, quick.test.count]).toEqual([100, 50])
    expect(quick.source.description).toBe('synthetic test data; a seeded stratified subset of 100 train images and 50 test images (seed 7)')
    const perClass = Array.from({ length: 10 }, (_, c) => quick.train.labels.filter((l) => l === c).length)
    expect(perClass).toEqual(Array(10).fill(10))
    expect(limitDataset(whole, 100, 50, 7)).toEqual(quick)
    expect(limitDataset(whole, 100, 50, 8).train.images).not.toEqual(quick.train.images)
  })

  it('leaves the whole dataset, and its description, when no limit cuts anything', () => {
    expect(limitDataset(whole, undefined, undefined, 7)).toBe(whole)
    expect(limitDataset(whole, 1000, 100, 7)).toBe(whole)
  })
})
