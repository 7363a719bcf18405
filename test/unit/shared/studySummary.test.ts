import { describe, expect, it } from 'vitest'
import { groupByDataset, modelResultOfRun, modelResultsOfRuns, runNames } from '../../../src/shared/studySummary'
import { baselineOf } from '../../../src/shared/observations'
import { details } from '../renderer/lib/runFixtures'

describe('modelResultOfRun', () => {
  it('turns a finished run into a summary entry with the kept epoch\'s validation metrics', () => {
    const run = details('r1', { name: 'l2', bestEpoch: 2, epochsRun: 3, seconds: 9, msPerStep: 31 })
    const m = modelResultOfRun(run)!
    expect(m).toMatchObject({ name: 'l2', runId: 'r1', bestEpoch: 2, epochsRun: 3, seconds: 9, msPerStep: 31, cancelled: false })
    expect(m.valLoss).toBe(run.history[1].val_loss)
    expect(m.testAccuracy).toBe(run.evaluation!.testAccuracy)
  })

  it('calls a run that ended before its planned epochs stopped early, unless it was cancelled', () => {
    expect(modelResultOfRun(details('a', { epochsRun: 3 }))!.stoppedEarly).toBe(true)
    const cancelled = details('b', { epochsRun: 3, status: 'cancelled' })
    expect(modelResultOfRun(cancelled)).toBeNull()
    const withEval = { ...cancelled, evaluation: details('c').evaluation }
    expect(modelResultOfRun(withEval)).toMatchObject({ cancelled: true, stoppedEarly: false })
  })

  it('has nothing to say about a run without an evaluation', () => {
    expect(modelResultOfRun(details('q', { status: 'running' }))).toBeNull()
  })
})

describe('modelResultsOfRuns', () => {
  it('numbers tries of one variant in the order they were made and leaves out runs without results', () => {
    const runs = [
      details('new', { name: 'l2', createdAt: '2026-01-02T00:00:00.000Z' }),
      details('base', { name: 'baseline' }),
      details('queued', { name: 'l2', status: 'queued' }),
      details('old', { name: 'l2', createdAt: '2026-01-01T00:00:00.000Z' })
    ]
    expect(modelResultsOfRuns(runs).map((m) => [m.runId, m.name])).toEqual([
      ['new', 'l2 #2'],
      ['base', 'baseline'],
      ['old', 'l2 #1']
    ])
  })

  it('never numbers a try into a name another run already has', () => {
    const runs = [
      details('mine', { name: 'l2 #1', createdAt: '2026-01-01T00:00:00.000Z' }),
      details('a', { name: 'l2', createdAt: '2026-01-02T00:00:00.000Z' }),
      details('b', { name: 'l2', createdAt: '2026-01-03T00:00:00.000Z' })
    ]
    expect(modelResultsOfRuns(runs).map((m) => m.name)).toEqual(['l2 #1', 'l2 #2', 'l2 #3'])
  })

  it('keeps the oldest try of the baseline as the reference, listed in any order', () => {
    const models = modelResultsOfRuns([
      details('d', { name: 'dropout' }),
      details('b2', { name: 'baseline', createdAt: '2026-01-02T00:00:00.000Z' }),
      details('b1', { name: 'baseline', createdAt: '2026-01-01T00:00:00.000Z' })
    ])
    expect(baselineOf({ models })?.runId).toBe('b1')
    // A variant merely named like a try is not taken for the baseline.
    const typed = modelResultsOfRuns([details('x', { name: 'l1' }), details('w', { name: 'baseline #wide' })])
    expect(baselineOf({ models: typed })?.runId).toBe('x')
    expect(baselineOf({ models: [...typed, ...modelResultsOfRuns([details('b', { name: 'baseline' })])] })?.runId).toBe('b')
  })
})

describe('runNames', () => {
  const run = (name: string, seed: number, day: number) => ({ name, seed, createdAt: `2026-01-0${day}T00:00:00.000Z` })

  it('names the runs of a variant by seed when their seeds differ, as the sidebar lists repeats', () => {
    expect(runNames([run('l2', 43, 2), run('baseline', 42, 1), run('l2', 42, 1)])).toEqual(['l2 · seed 43', 'baseline', 'l2 · seed 42'])
  })

  it('numbers only the tries that share a seed, in the order they were made', () => {
    expect(runNames([run('l2', 42, 3), run('l2', 42, 1)])).toEqual(['l2 #2', 'l2 #1'])
    expect(runNames([run('l2', 42, 3), run('l2', 43, 2), run('l2', 42, 1)])).toEqual(['l2 · seed 42 #2', 'l2 · seed 43', 'l2 · seed 42 #1'])
  })

  it('never gives a name another run already has', () => {
    expect(runNames([run('l2 · seed 43', 1, 1), run('l2', 42, 2), run('l2', 43, 3)])).toEqual(['l2 · seed 43', 'l2 · seed 42', 'l2 · seed 43 #1'])
  })
})

describe('modelResultsOfRuns with repeats', () => {
  it('names repeats by seed and takes the lowest seed of the baseline as the reference', () => {
    const seeded = (id: string, name: string, seed: number) => {
      const run = details(id, { name })
      return { ...run, record: { ...run.record, spec: { ...run.record.spec, seed } } }
    }
    const models = modelResultsOfRuns([seeded('b43', 'baseline', 43), seeded('l42', 'l2', 42), seeded('b42', 'baseline', 42), seeded('l43', 'l2', 43)])
    expect(models.map((m) => m.name)).toEqual(['baseline · seed 43', 'l2 · seed 42', 'baseline · seed 42', 'l2 · seed 43'])
    expect(baselineOf({ models })?.runId).toBe('b42')
  })
})

describe('groupByDataset', () => {
  it('groups names by dataset fingerprint in order of first appearance', () => {
    const quick = { source: 'quick', fingerprint: 'a', train: 9, validation: 1, test: 2 }
    const full = { source: 'full', fingerprint: 'b', train: 90, validation: 10, test: 20 }
    expect(groupByDataset([{ name: 'l1', dataset: full }, { name: 'l2', dataset: quick }, { name: 'baseline', dataset: full }])).toEqual([
      { dataset: full, models: ['l1', 'baseline'] },
      { dataset: quick, models: ['l2'] }
    ])
  })
})
