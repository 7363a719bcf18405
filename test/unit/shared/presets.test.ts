import { describe, expect, it } from 'vitest'
import { getPreset, getSweepPreset, presetNames, PRESETS, SWEEP_PRESETS } from '../../../src/shared/presets'
import { studyVariants, SWEEP_PARAMS } from '../../../src/shared/sweeps'
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

describe('sweep presets', () => {
  it('keeps PRESETS to plain lists of specs', () => {
    expect(Object.keys(SWEEP_PRESETS)).toEqual(['sweep'])
    expect(presetNames()).not.toContain('sweep')
  })

  it('asks which regularizer wins at its best strength: baseline, an L2, an L1 and a dropout-rate sweep', () => {
    const preset = getSweepPreset('sweep')
    expect(preset.title).toBe('Which regularizer, at its best strength?')
    expect(preset.variants).toEqual(['baseline'])
    expect(preset.sweeps.map((s) => `${s.variant}:${s.param}`)).toEqual(['l2:l2', 'l1:l1', 'dropout:rate'])
    expect(preset.sweeps.map((s) => SWEEP_PARAMS[s.param].label)).toEqual(['L2 strength', 'L1 strength', 'Dropout rate'])
  })

  it('expands to 13 valid variants × 3 repeats = 39 runs, sized for 30 minutes on two cores', () => {
    const preset = getSweepPreset('sweep')
    const specs = studyVariants(getPreset(preset.from), preset)
    expect(specs.map((s) => s.name)).toEqual([
      'baseline',
      'l2[l2=0.00001]',
      'l2[l2=0.0001]',
      'l2[l2=0.001]',
      'l2[l2=0.01]',
      'l1[l1=0.000001]',
      'l1[l1=0.00001]',
      'l1[l1=0.0001]',
      'l1[l1=0.001]',
      'dropout[rate=0.2]',
      'dropout[rate=0.3]',
      'dropout[rate=0.4]',
      'dropout[rate=0.5]'
    ])
    for (const spec of specs) {
      const sized = { ...spec, epochs: preset.epochs }
      expect(validateSpec(sized)).toEqual({ ok: true, spec: sized })
    }
    const runs = specs.length * preset.repeats
    expect(runs).toBe(39)
    // A full run (54,000 images, 10 epochs) takes about 75 s with 2 lanes on 2 cores; time scales with images × epochs.
    const secondsPerRun = 75 * ((preset.trainLimit * 0.9) / 54_000) * (preset.epochs / 10)
    expect((runs / 2) * secondsPerRun).toBeLessThan(15 * 60)
  })

  it('hands out copies and refuses an unknown name', () => {
    getSweepPreset('sweep').sweeps[0].values.push(1)
    expect(SWEEP_PRESETS.sweep.sweeps[0].values).toHaveLength(4)
    expect(() => getSweepPreset('nope')).toThrow('Unknown sweep preset "nope"; known sweep presets: sweep')
  })
})
