import { describe, expect, it } from 'vitest'
import { bestModels, observe } from '../../../src/shared/observations'
import { evaluation, history, model, summary } from '../main/core/reports/fixtures'
import { withAggregates } from '../../../src/shared/studyAggregates'
import { repeatedSummary } from './repeatedStudy'

const threeDigits = (a: number): string => a.toFixed(3)

describe('observe', () => {
  const baseline = model('baseline', {
    trainAccuracy: 0.971,
    testAccuracy: 0.93,
    history: history([0.4, 0.32, 0.3, 0.31, 0.36, 0.42])
  })
  const l1 = model('l1', {
    trainAccuracy: 0.869,
    testAccuracy: 0.861,
    history: history([0.5, 0.45, 0.42, 0.41, 0.4, 0.39]),
    evaluation: evaluation(0.869, 0.861, 0.38)
  })
  const early = model('early', {
    trainAccuracy: 0.92,
    testAccuracy: 0.9,
    history: history([0.4, 0.33, 0.34, 0.35]),
    bestEpoch: 2,
    epochsRun: 4,
    stoppedEarly: true
  })
  early.spec.epochs = 20

  it('compares each variant with the baseline, from the numbers', () => {
    const obs = observe(summary([l1, baseline, early]), threeDigits)
    expect(obs.map((o) => o.model)).toEqual(['l1', 'baseline', 'early'])
    const [forL1, forBaseline, forEarly] = obs.map((o) => o.text)
    expect(forL1).toBe(
      'l1: test accuracy 0.861; train-test gap 0.8 points vs 4.1 for baseline; ' +
        'validation loss still falling at epoch 6 (0.390); 38% of hidden weights are near zero (baseline 2%).'
    )
    expect(forBaseline).toBe(
      'baseline: test accuracy 0.930; train-test gap 4.1 points; ' +
        'validation loss turned at epoch 3 (0.300) and rose to 0.420 by epoch 6.'
    )
    expect(forEarly).toContain('early stopping ended training at epoch 4 of 20 and restored epoch 2')
    expect(forEarly).toContain('validation loss turned at epoch 2 (0.330) and rose to 0.350 by epoch 4')
    expect(forEarly).not.toContain('near zero')
  })

  it('uses the first model as reference when none is named baseline', () => {
    const a = model('wide', { trainAccuracy: 0.99, testAccuracy: 0.9 })
    const b = model('narrow', { trainAccuracy: 0.91, testAccuracy: 0.9 })
    const [first, second] = observe(summary([a, b]), threeDigits).map((o) => o.text)
    expect(first).toContain('train-test gap 9.0 points;')
    expect(second).toContain('train-test gap 1.0 points vs 9.0 for wide')
  })

  it('says nothing about validation when there is none', () => {
    const noVal = model('baseline', { history: history([undefined, undefined, undefined]), valAccuracy: null, valLoss: null })
    const [text] = observe(summary([noVal]), threeDigits).map((o) => o.text)
    expect(text).not.toMatch(/validation/)
    expect(text).toBe('baseline: test accuracy 0.880; train-test gap 7.0 points.')
  })

  it('reports cancelled runs and early stops that kept the last epoch', () => {
    const cancelled = model('cut', { cancelled: true, epochsRun: 3, bestEpoch: 3, history: history([0.5, 0.4, 0.3]) })
    cancelled.spec.epochs = 10
    const kept = model('kept', { stoppedEarly: true, epochsRun: 5, bestEpoch: 5 })
    kept.spec.epochs = 30
    const texts = observe(summary([model('baseline'), cancelled, kept]), threeDigits).map((o) => o.text)
    expect(texts[1]).toContain('cancelled after epoch 3 of 10, keeping epoch 3')
    expect(texts[2]).toContain('early stopping ended training at epoch 5 of 30 and kept the last epoch')
  })

  it('says when early stopping was on but never triggered', () => {
    const patient = model('patient', { epochsRun: 5, bestEpoch: 5 })
    patient.spec.earlyStopping = { monitor: 'val_loss', patience: 3, minDelta: 0, restoreBestWeights: true }
    const [, text] = observe(summary([model('baseline'), patient]), threeDigits).map((o) => o.text)
    expect(text).toContain('early stopping (val_loss, patience 3) did not trigger in 5 epochs')
  })

  it('mentions sparsity only when it differs markedly from the baseline', () => {
    const close = model('l2', { evaluation: evaluation(0.95, 0.88, 0.05) })
    const far = model('l1', { evaluation: evaluation(0.95, 0.88, 0.1) })
    const [, closeText, farText] = observe(summary([model('baseline'), close, far]), threeDigits).map((o) => o.text)
    expect(closeText).not.toContain('near zero')
    expect(farText).toContain('10% of hidden weights are near zero (baseline 2%)')
  })

  it('returns nothing for an empty study', () => {
    expect(observe(summary([]), threeDigits)).toEqual([])
  })
})

describe('bestModels', () => {
  it('picks the highest test accuracy, every one on an exact tie', () => {
    const s = summary([model('a', { testAccuracy: 0.9 }), model('b', { testAccuracy: 0.8 }), model('c', { testAccuracy: 0.9 })])
    expect(bestModels(s).map((m) => m.name)).toEqual(['a', 'c'])
    expect(bestModels(summary([model('a', { testAccuracy: 0.8 }), model('b', { testAccuracy: 0.9 })])).map((m) => m.name)).toEqual(['b'])
    expect(bestModels(summary([]))).toEqual([])
  })
})

describe('observe with repeats', () => {
  it('speaks of each variant from its aggregates and verdicts, never of one run', () => {
    const s = withAggregates(repeatedSummary())
    const obs = observe(s, (a) => `${(a * 100).toFixed(1)}%`)
    expect(obs.map((o) => o.model)).toEqual(['baseline', 'dropout'])
    expect(obs[0].text).toBe(`baseline: test accuracy 88.8% ± 0.8 points (mean ± std over 3 runs); train-test gap 6.7 ± 0.3 points.`)
    expect(obs[1].text).toContain('dropout: test accuracy 90.0% ± 0.7 points (mean ± std over 3 runs)')
    expect(obs[1].text).toContain(`${s.comparisons![0].verdict}.`)
    expect(obs[1].text).toContain(`${s.comparisons![1].verdict}.`)
  })
})
