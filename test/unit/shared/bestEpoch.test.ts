import { describe, expect, it } from 'vitest'
import { bestEpochSoFar, improves } from '../../../src/shared/bestEpoch'

const m = (epoch: number, val_loss: number, val_accuracy = 0.5) => ({ epoch, loss: 1, accuracy: 0.5, val_loss, val_accuracy, ms: 1 })

describe('improves', () => {
  it('wants lower losses and higher accuracies by more than minDelta; NaN never improves, anything beats no best', () => {
    expect(improves({ monitor: 'val_loss', minDelta: 0.1 }, 0.35, 0.5)).toBe(true)
    expect(improves({ monitor: 'val_loss', minDelta: 0.1 }, 0.45, 0.5)).toBe(false)
    expect(improves({ monitor: 'val_accuracy', minDelta: 0 }, 0.9, 0.8)).toBe(true)
    expect(improves({ monitor: 'loss', minDelta: 0 }, Number.NaN, 0.5)).toBe(false)
    expect(improves({ monitor: 'loss', minDelta: 0 }, 3, Number.NaN)).toBe(true)
  })
})

describe('bestEpochSoFar', () => {
  it('finds the epoch early stopping would keep: the first of equal bests, ignoring NaN', () => {
    const history = [m(1, 0.9), m(2, 0.5), m(3, 0.5), m(4, Number.NaN), m(5, 0.7)]
    expect(bestEpochSoFar(history, { monitor: 'val_loss', minDelta: 0 })).toBe(2)
    expect(bestEpochSoFar([m(1, 0.9, 0.7), m(2, 0.8, 0.72)], { monitor: 'val_accuracy', minDelta: 0.05 })).toBe(1)
    expect(bestEpochSoFar([], { monitor: 'val_loss', minDelta: 0 })).toBe(0)
  })
})
