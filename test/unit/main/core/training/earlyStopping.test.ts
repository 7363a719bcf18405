import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { EarlyStoppingSpec, MonitorName } from '../../../../../src/shared/spec'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { EarlyStopping } from '../../../../../src/main/core/training/earlyStopping'
import { createModel } from '../../../../../src/main/core/training/model'
import { smallSpec } from '../../../../support/synthetic'

let tf: typeof tfjs
beforeAll(async () => {
  tf = (await selectBackend('cpu')).tf
})

function stopsAt(monitor: MonitorName, values: number[], spec: Partial<EarlyStoppingSpec> = {}) {
  const { model } = createModel(tf, smallSpec())
  const stopper = new EarlyStopping(tf, model, { monitor, patience: 2, minDelta: 0, restoreBestWeights: false, ...spec })
  let stoppedAt: number | null = null
  for (const [i, value] of values.entries()) {
    if (stopper.update({ epoch: i + 1, loss: 0, accuracy: 0, ms: 1, [monitor]: value })) {
      stoppedAt = i + 1
      break
    }
  }
  const best = stopper.bestEpoch
  stopper.dispose()
  model.dispose()
  return { stoppedAt, best }
}

describe('EarlyStopping', () => {
  it('minimizes losses and maximizes accuracies', () => {
    expect(stopsAt('val_loss', [1, 0.8, 0.9, 0.85, 0.7])).toEqual({ stoppedAt: 4, best: 2 })
    expect(stopsAt('val_accuracy', [0.5, 0.7, 0.6, 0.65, 0.9])).toEqual({ stoppedAt: 4, best: 2 })
    expect(stopsAt('loss', [1, 0.9, 0.8, 0.7])).toEqual({ stoppedAt: null, best: 4 })
  })

  it('needs an improvement larger than minDelta', () => {
    expect(stopsAt('val_loss', [1, 0.95, 0.96, 0.9], { minDelta: 0.06 })).toEqual({ stoppedAt: 3, best: 1 })
    expect(stopsAt('val_loss', [1, 0.95, 0.9, 0.85], { minDelta: 0.06 })).toEqual({ stoppedAt: null, best: 3 })
    expect(stopsAt('accuracy', [0.5, 0.52, 0.6], { minDelta: 0.05, patience: 3 })).toEqual({ stoppedAt: null, best: 3 })
  })

  it('never counts NaN as an improvement', () => {
    expect(stopsAt('val_loss', [1, Number.NaN, Number.NaN])).toEqual({ stoppedAt: 3, best: 1 })
  })

  it('restores a copy of the best weights, not the live ones', () => {
    const { model } = createModel(tf, smallSpec())
    const stopper = new EarlyStopping(tf, model, { monitor: 'loss', patience: 5, minDelta: 0, restoreBestWeights: true })
    expect(stopper.restore()).toBeNull()
    const kernel = () => Array.from(model.getWeights()[0].dataSync().slice(0, 5))
    const best = kernel()
    stopper.update({ epoch: 1, loss: 1, accuracy: 0, ms: 1 })
    model.setWeights(model.getWeights().map((w) => tf.zerosLike(w)))
    stopper.update({ epoch: 2, loss: 2, accuracy: 0, ms: 1 })
    expect(kernel()).toEqual([0, 0, 0, 0, 0])
    expect(stopper.restore()).toBe(1)
    expect(kernel()).toEqual(best)
    stopper.dispose()
    model.dispose()
  })
})
