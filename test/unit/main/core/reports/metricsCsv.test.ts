import { describe, expect, it } from 'vitest'
import { toMetricsCsv } from '../../../../../src/main/core/reports/metricsCsv'
import { history, model, summary } from './fixtures'

describe('toMetricsCsv', () => {
  it('writes one row per model per epoch with empty cells for missing validation', () => {
    const csv = toMetricsCsv(
      summary([model('baseline', { history: history([0.5, 0.25]) }), model('noval', { history: history([undefined]) })])
    )
    expect(csv.split('\r\n')).toEqual([
      'model,epoch,loss,accuracy,val_loss,val_accuracy',
      'baseline,1,0.6,0.8,0.5,0.85',
      'baseline,2,0.3,0.81,0.25,0.875',
      'noval,1,0.6,0.8,,',
      ''
    ])
  })

  it('quotes and escapes model names per RFC 4180', () => {
    const csv = toMetricsCsv(summary([model('a "b", c\nd', { history: history([0.5]) })]))
    expect(csv.split('\r\n')[1]).toBe('"a ""b"", c\nd",1,0.6,0.8,0.5,0.85')
  })

  it('is just the header for an empty study', () => {
    expect(toMetricsCsv(summary([]))).toBe('model,epoch,loss,accuracy,val_loss,val_accuracy\r\n')
  })
})
