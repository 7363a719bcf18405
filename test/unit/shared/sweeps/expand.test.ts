import { describe, expect, it } from 'vitest'
import { getPreset } from '../../../../src/shared/presets'
import { expandSweep, studyVariants, sweepVariantName, type SweepSpec } from '../../../../src/shared/sweeps'
import { validateSpec } from '../../../../src/shared/specValidate'
import type { DenseLayerSpec, ModelSpec } from '../../../../src/shared/spec'

const seed = getPreset('seed')
const byName = (name: string): ModelSpec => seed.find((s) => s.name === name)!

function dense(spec: ModelSpec): DenseLayerSpec[] {
  return spec.layers.filter((l): l is DenseLayerSpec => l.type === 'dense')
}

describe('sweepVariantName', () => {
  it('names a generated variant VARIANT[PARAM=VALUE] with the shortest round-trip value', () => {
    expect(sweepVariantName('l2', 'l2', 1e-4)).toBe('l2[l2=0.0001]')
    expect(sweepVariantName('l1', 'l1', 1e-7)).toBe('l1[l1=1e-7]')
    expect(sweepVariantName('dropout', 'rate', 0.3)).toBe('dropout[rate=0.3]')
    expect(sweepVariantName('earlystopping', 'patience', 5)).toBe('earlystopping[patience=5]')
  })
})

describe('expandSweep', () => {
  it('gives one validated variant per value, in value order', () => {
    const specs = expandSweep(byName('l2'), { variant: 'l2', param: 'l2', values: [1e-5, 1e-4, 1e-3] })
    expect(specs.map((s) => s.name)).toEqual(['l2[l2=0.00001]', 'l2[l2=0.0001]', 'l2[l2=0.001]'])
    for (const spec of specs) expect(validateSpec(spec)).toEqual({ ok: true, spec })
  })

  it('sets the strength on the Dense layers that already carry it, not on the output layer', () => {
    const [spec] = expandSweep(byName('l2'), { variant: 'l2', param: 'l2', values: [1e-3] })
    expect(dense(spec).map((l) => l.l2)).toEqual([1e-3, 1e-3, undefined])
  })

  it('sets it only where the penalty is, when only some layers carry it', () => {
    const partial: ModelSpec = { ...structuredClone(byName('l2')), name: 'partial' }
    delete (partial.layers[0] as DenseLayerSpec).l2
    const [spec] = expandSweep(partial, { variant: 'partial', param: 'l2', values: [1e-2] })
    expect(dense(spec).map((l) => l.l2)).toEqual([undefined, 1e-2, undefined])
  })

  it('sets it on every hidden Dense layer of a variant without that penalty', () => {
    const [spec] = expandSweep(byName('dropout'), { variant: 'dropout', param: 'l1', values: [1e-5] })
    expect(spec.layers.map((l) => (l.type === 'dense' ? l.l1 : l.type))).toEqual([1e-5, 'dropout', 1e-5, 'dropout', undefined])
    // An L1 sweep of the L2 variant adds L1 beside the L2 it keeps.
    const [both] = expandSweep(byName('l2'), { variant: 'l2', param: 'l1', values: [1e-5] })
    expect(dense(both).map((l) => [l.l1, l.l2])).toEqual([[1e-5, 1e-4], [1e-5, 1e-4], [undefined, undefined]])
  })

  it('sets it on the picked layers only', () => {
    const [spec] = expandSweep(byName('baseline'), { variant: 'baseline', param: 'l2', values: [1e-4], layers: [1] })
    expect(dense(spec).map((l) => l.l2)).toEqual([undefined, 1e-4, undefined])
  })

  it('removes the penalty at strength 0, the spec convention for none', () => {
    const [spec] = expandSweep(byName('l1'), { variant: 'l1', param: 'l1', values: [0] })
    expect(dense(spec).every((l) => !('l1' in l))).toBe(true)
  })

  it('sets every Dropout rate, the patience, or the epochs', () => {
    const [rate] = expandSweep(byName('dropout'), { variant: 'dropout', param: 'rate', values: [0.45] })
    expect(rate.layers.filter((l) => l.type === 'dropout')).toEqual([
      { type: 'dropout', rate: 0.45 },
      { type: 'dropout', rate: 0.45 }
    ])
    const [patience] = expandSweep(byName('earlystopping'), { variant: 'earlystopping', param: 'patience', values: [7] })
    expect(patience.earlyStopping?.patience).toBe(7)
    expect(patience.epochs).toBe(50)
    const [epochs] = expandSweep(byName('baseline'), { variant: 'baseline', param: 'epochs', values: [4] })
    expect(epochs.epochs).toBe(4)
  })

  it('leaves the base spec unchanged', () => {
    const base = byName('l2')
    const before = structuredClone(base)
    expandSweep(base, { variant: 'l2', param: 'l2', values: [1e-2] })
    expect(base).toEqual(before)
  })
})

describe('studyVariants', () => {
  const l2: SweepSpec = { variant: 'l2', param: 'l2', values: [1e-5, 1e-3] }
  const rate: SweepSpec = { variant: 'dropout', param: 'rate', values: [0.2, 0.5] }

  it('puts plain variants first in preset order, then each sweep in order', () => {
    const names = studyVariants(seed, { variants: ['l1', 'baseline'], sweeps: [l2, rate] }).map((s) => s.name)
    expect(names).toEqual(['baseline', 'l1', 'l2[l2=0.00001]', 'l2[l2=0.001]', 'dropout[rate=0.2]', 'dropout[rate=0.5]'])
  })

  it('trains every preset variant without sweeps, and only the named ones with sweeps', () => {
    expect(studyVariants(seed, { sweeps: [] }).map((s) => s.name)).toEqual(seed.map((s) => s.name))
    expect(studyVariants(seed, { sweeps: [l2] }).map((s) => s.name)).toEqual(['l2[l2=0.00001]', 'l2[l2=0.001]'])
  })

  it('refuses an unknown plain variant, a bad sweep and duplicate names', () => {
    expect(() => studyVariants(seed, { variants: ['nope'], sweeps: [] })).toThrow(
      'Unknown variant "nope"; variants: baseline, dropout, l2, l1, earlystopping'
    )
    expect(() => studyVariants(seed, { sweeps: [{ variant: 'baseline', param: 'rate', values: [0.1] }] })).toThrow(
      'Sweep baseline:rate: variant "baseline" has no Dropout layers'
    )
    expect(() => studyVariants(seed, { sweeps: [l2, { ...l2, values: [1e-3, 1e-2] }] })).toThrow(
      'Variant "l2[l2=0.001]" appears twice in the study'
    )
  })

  it('hands out copies', () => {
    const [baseline] = studyVariants(seed, { variants: ['baseline'], sweeps: [] })
    baseline.epochs = 1
    expect(byName('baseline').epochs).toBe(10)
  })
})
