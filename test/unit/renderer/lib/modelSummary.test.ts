import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import type { LayerSpec } from '../../../../src/shared/spec'
import { countParameters } from '../../../../src/shared/specValidate'
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

  it('formats shapes with the batch dimension', () => {
    expect(formatShape(512)).toBe('(None, 512)')
    expect(formatShape(null)).toBe('(None, ?)')
  })
})
