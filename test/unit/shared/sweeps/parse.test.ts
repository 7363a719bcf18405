import { describe, expect, it } from 'vitest'
import { getPreset } from '../../../../src/shared/presets'
import { checkSweep, parseSweep, type SweepSpec } from '../../../../src/shared/sweeps'
import { UserError } from '../../../../src/shared/errors'

const seed = getPreset('seed')

function problem(text: string): string {
  try {
    parseSweep(text, seed)
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    expect((e as UserError).code).toBe('usage')
    const message = (e as UserError).message
    expect(message).not.toContain('\n')
    return message
  }
  throw new Error(`"${text}" was accepted`)
}

describe('parseSweep', () => {
  it('reads VARIANT:PARAM=VALUES with a list or a range', () => {
    expect(parseSweep('l2:l2=1e-5,1e-4,1e-3', seed)).toEqual({ variant: 'l2', param: 'l2', values: [1e-5, 1e-4, 1e-3] })
    expect(parseSweep('dropout:rate=0.1..0.5 x5', seed)).toEqual({
      variant: 'dropout',
      param: 'rate',
      values: [0.1, 0.2, 0.3, 0.4, 0.5]
    })
    expect(parseSweep(' earlystopping:patience=1,3,5 ', seed)).toEqual({ variant: 'earlystopping', param: 'patience', values: [1, 3, 5] })
    expect(parseSweep('baseline:epochs=2..8 x4', seed)).toEqual({ variant: 'baseline', param: 'epochs', values: [2, 4, 6, 8] })
  })

  it('reads picked layers after @', () => {
    expect(parseSweep('baseline:l2@0,1=1e-4', seed)).toEqual({ variant: 'baseline', param: 'l2', values: [1e-4], layers: [0, 1] })
  })

  it('accepts a strength of 0 (no penalty) in a list', () => {
    expect(parseSweep('l2:l2=0,1e-4', seed).values).toEqual([0, 1e-4])
  })

  it('names each problem in one line', () => {
    expect(problem('nope:l2=1e-4')).toBe('Unknown variant "nope" in sweep; variants: baseline, dropout, l2, l1, earlystopping')
    expect(problem('l2:lambda=1e-4')).toBe('Unknown sweep parameter "lambda"; parameters: l2, l1, rate, patience, epochs')
    expect(problem('baseline:rate=0.1,0.2')).toBe('Sweep baseline:rate: variant "baseline" has no Dropout layers')
    expect(problem('baseline:rate=abc')).toBe('Sweep baseline:rate: variant "baseline" has no Dropout layers')
    expect(problem('l2:patience=1,2')).toBe('Sweep l2:patience: variant "l2" has no early stopping')
    expect(problem('l2:l2=1e-4,-1e-3')).toBe('Sweep l2:l2: strength -0.001 is negative')
    expect(problem('l1:l1=-1e-6..1e-2 x3')).toBe('Sweep range "-1e-6..1e-2 x3": l1 is spaced in log, so the range must start above 0')
    expect(problem('dropout:rate=0.5,1')).toBe('Sweep dropout:rate: rate 1 is outside [0, 1)')
    expect(problem('dropout:rate=0.5..1 x3')).toBe('Sweep dropout:rate: rate 1 is outside [0, 1)')
    expect(problem('dropout:rate=-0.1')).toBe('Sweep dropout:rate: rate -0.1 is outside [0, 1)')
    expect(problem('l2:l2=1e-6..1e-2 x51')).toBe('Sweep range "1e-6..1e-2 x51": 51 values, at most 50')
    expect(problem(`l2:l2=${Array.from({ length: 51 }, (_, i) => (i + 1) * 1e-5).join(',')}`)).toBe('Sweep of l2: 51 values, at most 50')
    expect(problem('l2:l2=')).toBe('Sweep of l2: the list of values is empty')
    expect(problem('l2:l2=1e-4,,1e-3')).toBe('Sweep of l2: empty value in "1e-4,,1e-3"')
    expect(problem('l2:l2=1e-4,abc')).toBe('Sweep of l2: "abc" is not a number')
    expect(problem('l2:l2=1e-4,0x10')).toBe('Sweep of l2: "0x10" is not a number')
    expect(problem('l2:l2=1e-6..1e-2')).toBe('Sweep range "1e-6..1e-2" is malformed: write A..B xN, as in 1e-6..1e-2 x5')
    expect(problem('l2:l2=1e-6..x x5')).toBe('Sweep range "1e-6..x x5": "x" is not a number')
    expect(problem('l2:l2=abc..1e-2 x3')).toBe('Sweep range "abc..1e-2 x3": "abc" is not a number')
    expect(problem('l2:l2=1e-6..1e-2 xfive')).toBe('Sweep range "1e-6..1e-2 xfive": the count after "x" must be a whole number, as in 1e-6..1e-2 x5')
    expect(problem('l2:l2=1e-6..1e-2 x1')).toBe('Sweep range "1e-6..1e-2 x1": needs at least 2 values (x1)')
    expect(problem('l2:l2=1e-2..1e-6 x3')).toBe('Sweep range "1e-2..1e-6 x3": the start must be below the end')
    expect(problem('l2:l2=1e-4,1e-4')).toBe('Sweep l2:l2: value 0.0001 is listed twice')
    expect(problem('earlystopping:patience=1.5')).toBe('Sweep earlystopping:patience: 1.5 is not a whole number')
    expect(problem('baseline:epochs=0,5')).toBe('Sweep baseline:epochs: 0 is below 1')
    expect(problem('l2 l2 1e-4')).toBe('Sweep "l2 l2 1e-4" is malformed: write VARIANT:PARAM=VALUES, as in l2:l2=1e-5,1e-4,1e-3')
    expect(problem('l2:l2@5=1e-4')).toBe('Sweep of l2: layer 5 is not a Dense layer of it (Dense layers: 0, 1, 2)')
    expect(problem('dropout:l2@1=1e-4')).toBe('Sweep of dropout: layer 1 is not a Dense layer of it (Dense layers: 0, 2, 4)')
    expect(problem('l2:l2@a=1e-4')).toBe('Sweep of l2: layer "a" is not a layer index such as 0 or 2')
    expect(problem('dropout:rate@1=0.2')).toBe('Sweep dropout:rate: only l1 and l2 sweeps pick layers')
  })

  it('refuses values the spec validator refuses, naming the value and the field', () => {
    expect(problem('l2:l2=1e-4,2')).toBe('Sweep l2:l2 at 2: layers[0].l2: must be a number at least 0 and at most 1 (got 2); layers[1].l2: must be a number at least 0 and at most 1 (got 2)')
    expect(problem('baseline:epochs=10,2000')).toBe('Sweep baseline:epochs at 2000: epochs: must be an integer from 1 to 1000 (got 2000)')
  })
})

describe('checkSweep (the object form)', () => {
  it('passes a good sweep and refuses what parseSweep refuses', () => {
    expect(() => checkSweep({ variant: 'l1', param: 'l1', values: [1e-5, 1e-4] }, seed)).not.toThrow()
    expect(() => checkSweep({ variant: 'l1', param: 'l1', values: [] }, seed)).toThrow('Sweep l1:l1: the list of values is empty')
    expect(() => checkSweep({ variant: 'l1', param: 'bogus', values: [1] } as unknown as SweepSpec, seed)).toThrow(
      'Unknown sweep parameter "bogus"'
    )
    expect(() => checkSweep({ variant: 'l1', param: 'l1', values: [Number.NaN] }, seed)).toThrow('Sweep l1:l1: NaN is not a finite number')
    expect(() => checkSweep({ variant: 'l1', param: 'l1', values: [1e-4], layers: [] }, seed)).toThrow('Sweep of l1: the list of layers is empty')
  })
})
