import { describe, expect, it } from 'vitest'
import { progressLine, runFraction } from '../../../../src/renderer/src/lib/runProgress'

const p = { epoch: 2, epochs: 3, batch: 10, batches: 20, loss: 0.5, accuracy: 0.8, msPerStep: 29.4, etaMs: 14_200 }

describe('run progress', () => {
  it('counts the steps of earlier epochs', () => {
    expect(runFraction(p)).toBeCloseTo(30 / 60, 10)
    expect(runFraction({ ...p, batches: 0 })).toBe(0)
    expect(runFraction({ ...p, epoch: 3, batch: 25 })).toBe(1)
  })

  it('summarizes epoch, batch, step time and ETA', () => {
    expect(progressLine(p)).toBe('epoch 2/3 · batch 10/20 · 29 ms/step · ETA 14.2 s')
  })
})
