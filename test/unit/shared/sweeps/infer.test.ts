import { describe, expect, it } from 'vitest'
import { getPreset } from '../../../../src/shared/presets'
import { expandSweep, inferSweeps, parseSweep } from '../../../../src/shared/sweeps'

describe('inferSweeps', () => {
  it('reads the sweeps back from the names of the variants they generated', () => {
    const seed = getPreset('seed')
    const l2 = parseSweep('l2:l2=1e-5,1e-4,1e-3', seed)
    const rate = parseSweep('dropout:rate=0.1..0.5 x5', seed)
    const names = ['baseline', ...[l2, rate].flatMap((s) => expandSweep(seed.find((v) => v.name === s.variant)!, s).map((v) => v.name))]
    expect(inferSweeps([...names, ...names])).toEqual([
      { variant: 'l2', param: 'l2', values: [1e-5, 1e-4, 1e-3] },
      { variant: 'dropout', param: 'rate', values: [0.1, 0.2, 0.3, 0.4, 0.5] }
    ])
  })

  it('ignores plain names, unknown parameters and values that are not numbers', () => {
    expect(inferSweeps(['l2 #1', 'x[colour=3]', 'x[l2=abc]', 'dropout'])).toEqual([])
  })
})
