import { describe, expect, it } from 'vitest'
import { isSpecFieldPath } from '../../../src/shared/spec'

describe('isSpecFieldPath', () => {
  it.each([
    'name',
    'layers',
    'layers[0]',
    'layers[12].units',
    'layers[1].activation',
    'layers[1].l1',
    'layers[1].l2',
    'layers[1].rate',
    'layers[1].type',
    'optimizer',
    'optimizer.name',
    'optimizer.learningRate',
    'epochs',
    'batchSize',
    'validationSplit',
    'earlyStopping',
    'earlyStopping.monitor',
    'earlyStopping.patience',
    'earlyStopping.minDelta',
    'earlyStopping.restoreBestWeights',
    'seed',
    'normalize'
  ])('names the field %s', (path) => {
    expect(isSpecFieldPath(path)).toBe(true)
  })

  it.each(['', 'extra', 'loss', 'layers[0].bias', 'layers[x]', 'layers.0', 'optimizer.momentum', 'epochs.value', 'name.first', 'earlyStopping.monitor.x', '__proto__', 'constructor'])(
    'does not name a field with %j',
    (path) => {
      expect(isSpecFieldPath(path)).toBe(false)
    }
  )
})
