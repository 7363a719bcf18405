import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import type { Activation, LayerSpec } from '../../../../src/shared/spec'
import { countParameters, LIMITS, validateSpec } from '../../../../src/shared/specValidate'
import { formatShape, summarize } from '../../../../src/renderer/src/lib/modelSummary'

describe('summarize', () => {
  it('matches countParameters for every preset variant', () => {
    for (const spec of PRESETS.seed) {
      const expected = countParameters(spec)
      const got = summarize(spec.layers)
      expect(got.total, spec.name).toBe(expected.total)
      expect(got.rows.map((r) => ({ name: r.name, type: r.type, outputShape: [r.width], params: r.params }))).toEqual(expected.layers)
    }
  })

  it('gives the notebook network its Keras counts', () => {
    const rows = summarize(PRESETS.seed[0].layers).rows
    expect(rows.map((r) => r.params)).toEqual([401_920, 262_656, 5_130])
  })

  it('marks counts unknown downstream of a units value that is not valid yet', () => {
    const layers = [
      { type: 'dense', units: null as unknown as number, activation: 'relu' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 10, activation: 'softmax' }
    ] satisfies LayerSpec[]
    const s = summarize(layers)
    expect(s.rows.map((r) => [r.width, r.params])).toEqual([
      [null, null],
      [null, 0],
      [10, null]
    ])
    expect(s.total).toBeNull()
  })

  it('counts a layer whenever its unit count is valid: a refused rate, factor or activation changes no count', () => {
    const output: LayerSpec = { type: 'dense', units: 10, activation: 'softmax' }
    // [layer, validateSpec accepts it, its parameters are counted]
    const cases: [LayerSpec, boolean, boolean][] = [
      [{ type: 'dense', units: 1, activation: 'relu' }, true, true],
      [{ type: 'dense', units: LIMITS.units, activation: 'relu', l1: 0, l2: LIMITS.maxRegularization }, true, true],
      [{ type: 'dense', units: 0, activation: 'relu' }, false, false],
      [{ type: 'dense', units: 100_000_000, activation: 'relu' }, false, false],
      [{ type: 'dense', units: LIMITS.units + 1, activation: 'relu' }, false, false],
      [{ type: 'dense', units: 2.5, activation: 'relu' }, false, false],
      [{ type: 'dense', units: 64, activation: 'swish' as unknown as Activation }, false, true],
      [{ type: 'dense', units: 64, activation: 'relu', l1: 2 }, false, true],
      [{ type: 'dense', units: 64, activation: 'relu', l2: -0.1 }, false, true],
      [{ type: 'dropout', rate: 0 }, true, true],
      [{ type: 'dropout', rate: 1 }, false, true],
      [{ type: 'dropout', rate: -0.5 }, false, true],
      [{ type: 'dropout', rate: null as unknown as number }, false, true]
    ]
    for (const [layer, accepted, counted] of cases) {
      const spec = { name: 'x', layers: [layer, output], epochs: 1, batchSize: 1 }
      expect(validateSpec(spec).ok, JSON.stringify(layer)).toBe(accepted)
      const s = summarize(spec.layers)
      expect(s.rows[0].params !== null, JSON.stringify(layer)).toBe(counted)
      expect(s.total !== null, JSON.stringify(layer)).toBe(counted)
    }
    const l1 = summarize([{ type: 'dense', units: 512, activation: 'relu', l1: -1 }, output])
    expect(l1.rows.map((r) => r.params)).toEqual([401_920, 5_130])
  })

  it('formats shapes with the batch dimension', () => {
    expect(formatShape(512)).toBe('(None, 512)')
    expect(formatShape(null)).toBe('(None, ?)')
  })
})
