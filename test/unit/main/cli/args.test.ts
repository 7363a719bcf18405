import { describe, expect, it } from 'vitest'
import { integerFlag, parseArgs, repeatedStrings } from '../../../../src/main/cli/args'

const SPEC = {
  quick: { type: 'boolean' as const },
  epochs: { type: 'number' as const },
  out: { type: 'string' as const },
  train: { type: 'files' as const, max: 2 }
}

describe('parseArgs', () => {
  it('reads typed flags, multi-value file flags and positionals', () => {
    const r = parseArgs(['a.csv', '--quick', '--epochs', '3', '--train', 'x.gz', 'y.gz', 'b.csv', '--out=dir'], SPEC)
    expect(r.flags).toEqual({ quick: true, epochs: 3, train: ['x.gz', 'y.gz'], out: 'dir' })
    expect(r.positionals).toEqual(['a.csv', 'b.csv'])
  })

  it('keeps every value of a repeatable flag in order', () => {
    const spec = { sweep: { type: 'string' as const, repeatable: true } }
    const r = parseArgs(['--sweep', 'l2:l2=1e-5,1e-4', '--sweep=dropout:rate=0.1..0.5 x5'], spec)
    expect(repeatedStrings(r, 'sweep')).toEqual(['l2:l2=1e-5,1e-4', 'dropout:rate=0.1..0.5 x5'])
    expect(repeatedStrings(parseArgs([], spec), 'sweep')).toEqual([])
  })

  it('stops a file flag at the next option', () => {
    expect(parseArgs(['--train', 'x.csv', '--quick'], SPEC).flags).toEqual({ train: ['x.csv'], quick: true })
  })

  it('explains each misuse in one line', () => {
    expect(() => parseArgs(['--nope'], SPEC)).toThrow('unknown option --nope (see --help)')
    expect(() => parseArgs(['--epochs'], SPEC)).toThrow('--epochs needs a value')
    expect(() => parseArgs(['--epochs', 'ten'], SPEC)).toThrow('--epochs needs a number, got "ten"')
    expect(() => parseArgs(['--quick=yes'], SPEC)).toThrow('--quick takes no value')
    expect(() => integerFlag(parseArgs(['--epochs', '2.5'], SPEC), 'epochs', 1)).toThrow('--epochs must be a whole number of at least 1, got 2.5')
    expect(() => integerFlag(parseArgs(['--epochs', '101'], SPEC), 'epochs', 1, 100)).toThrow('--epochs must be a whole number from 1 to 100, got 101')
  })
})
