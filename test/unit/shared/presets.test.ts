import { describe, expect, it } from 'vitest'
import { getPreset, presetNames, PRESETS } from '../../../src/shared/presets'
import { countParameters, validateSpec } from '../../../src/shared/specValidate'
import { UserError } from '../../../src/shared/errors'

describe('presets', () => {
  it('lists the seed preset with its five variants', () => {
    expect(presetNames()).toEqual(['seed'])
    expect(getPreset('seed').map((s) => s.name)).toEqual(['baseline', 'dropout', 'l2', 'l1', 'earlystopping'])
  })

  it('holds only variants that pass validateSpec unchanged', () => {
    for (const name of presetNames()) {
      for (const spec of getPreset(name)) {
        expect(validateSpec(spec)).toEqual({ ok: true, spec })
      }
    }
  })

  it('builds the classic notebook network: 669,706 parameters in the baseline', () => {
    const [baseline] = getPreset('seed')
    expect(countParameters(baseline).total).toBe(669_706)
    expect(baseline).toMatchObject({
      optimizer: { name: 'rmsprop', learningRate: 0.001 },
      batchSize: 128,
      epochs: 10,
      validationSplit: 0.1,
      seed: 42,
      normalize: true
    })
  })

  it('differs from the baseline only by its regularization', () => {
    const byName = Object.fromEntries(getPreset('seed').map((s) => [s.name, s]))
    expect(byName.dropout.layers.map((l) => l.type)).toEqual(['dense', 'dropout', 'dense', 'dropout', 'dense'])
    expect(byName.dropout.layers.filter((l) => l.type === 'dropout')).toEqual([
      { type: 'dropout', rate: 0.3 },
      { type: 'dropout', rate: 0.3 }
    ])
    expect(byName.l2.layers.slice(0, 2).map((l) => (l.type === 'dense' ? l.l2 : undefined))).toEqual([1e-4, 1e-4])
    expect(byName.l1.layers.slice(0, 2).map((l) => (l.type === 'dense' ? l.l1 : undefined))).toEqual([1e-4, 1e-4])
    expect(byName.earlystopping.earlyStopping).toEqual({ monitor: 'val_loss', patience: 3, minDelta: 0, restoreBestWeights: true })
    expect(byName.earlystopping.epochs).toBe(50)
    for (const spec of Object.values(byName)) expect(countParameters(spec).total).toBe(669_706)
  })

  it('hands out copies: changing one does not change the preset', () => {
    const first = getPreset('seed')
    first[0].epochs = 99
    first[0].layers.push({ type: 'dropout', rate: 0.1 })
    expect(getPreset('seed')[0].epochs).toBe(10)
    expect(getPreset('seed')[0].layers).toHaveLength(3)
    expect(() => {
      PRESETS.seed[0].epochs = 1
    }).toThrow(TypeError)
  })

  it('refuses an unknown name with the list of known presets', () => {
    expect(() => getPreset('nope')).toThrow(UserError)
    expect(() => getPreset('nope')).toThrow('Unknown preset "nope"; known presets: seed')
    expect(() => getPreset('toString')).toThrow(UserError)
  })
})
