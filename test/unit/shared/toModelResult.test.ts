import { describe, expect, it } from 'vitest'
import { toModelResult } from '../../../src/shared/studySummary'
import { outcome, spec } from '../main/core/reports/fixtures'

describe('toModelResult', () => {
  it('takes validation metrics from the kept epoch and train/test from the evaluation', () => {
    const r = toModelResult('dropout', spec('dropout'), outcome(), 'run-7')
    expect(r.valLoss).toBe(0.38)
    expect(r.valAccuracy).toBe(0.86)
    expect(r.trainAccuracy).toBe(0.86)
    expect(r.testAccuracy).toBe(0.85)
    expect(r.testLoss).toBeCloseTo(0.35)
    expect(r.bestEpoch).toBe(2)
    expect(r.epochsRun).toBe(3)
    expect(r.stoppedEarly).toBe(true)
    expect(r.runId).toBe('run-7')
    expect(r.spec.name).toBe('dropout')
  })

  it('drops per-epoch timings from the history', () => {
    const r = toModelResult('a', spec('a'), outcome())
    expect(r.history[0]).toEqual({ epoch: 1, loss: 0.6, accuracy: 0.78, val_loss: 0.45, val_accuracy: 0.84 })
    expect('runId' in r).toBe(false)
  })

  it('has null validation metrics without a validation split', () => {
    const o = outcome({
      history: [
        { epoch: 1, loss: 0.6, accuracy: 0.78, ms: 900 },
        { epoch: 2, loss: 0.5, accuracy: 0.8, ms: 900 }
      ],
      bestEpoch: 2,
      epochsRun: 2,
      stoppedEarly: false
    })
    const r = toModelResult('a', spec('a', { validationSplit: 0 }), o)
    expect(r.valAccuracy).toBeNull()
    expect(r.valLoss).toBeNull()
    expect(r.history[1]).toEqual({ epoch: 2, loss: 0.5, accuracy: 0.8 })
    expect(JSON.parse(JSON.stringify(r)).valAccuracy).toBeNull()
  })
})
