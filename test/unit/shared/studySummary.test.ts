import { describe, expect, it } from 'vitest'
import { modelResultOfRun } from '../../../src/shared/studySummary'
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
