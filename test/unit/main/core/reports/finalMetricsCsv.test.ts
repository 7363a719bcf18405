import { describe, expect, it } from 'vitest'
import { toFinalMetricsCsv } from '../../../../../src/main/core/reports/finalMetricsCsv'
import { toMetricsCsv } from '../../../../../src/main/core/reports/metricsCsv'
import { model, summary } from './fixtures'

describe('toFinalMetricsCsv', () => {
  it('writes one row per run with its final train, validation and test metrics, as fractions', () => {
    const s = summary([
      model('baseline', { trainLoss: 0.21, trainAccuracy: 0.97, valLoss: 0.3, valAccuracy: 0.9, testLoss: 0.35, testAccuracy: 0.8934, bestEpoch: 4, epochsRun: 5 }),
      model('no, "val"', { valLoss: null, valAccuracy: null })
    ])
    const lines = toFinalMetricsCsv(s).split('\r\n')
    expect(lines[0]).toBe('model,run,seed,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,best_epoch,epochs_run')
    expect(lines[1]).toBe(`baseline,${s.models[0].runId ?? ''},${s.models[0].spec.seed},0.21,0.97,0.3,0.9,0.35,0.8934,4,5`)
    expect(lines[2]).toMatch(/^"no, ""val""",[^,]*,\d+,[\d.]+,[\d.]+,,,[\d.]+,[\d.]+,\d+,\d+$/)
    expect(lines).toHaveLength(4)
  })

  it('leaves metrics.csv, the per-epoch contract, as it was', () => {
    expect(toMetricsCsv(summary([model('baseline')])).split('\r\n')[0]).toBe('model,epoch,loss,accuracy,val_loss,val_accuracy')
  })
})
