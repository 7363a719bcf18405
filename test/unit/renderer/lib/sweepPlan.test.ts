import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import type { ModelSpec } from '../../../../src/shared/spec'
import {
  planSweep,
  studySweeps,
  sweepableParams,
  sweepCost,
  sweepNames,
  type CostContext
} from '../../../../src/renderer/src/lib/sweepPlan'

const seed = (name: string): ModelSpec => structuredClone(PRESETS.seed.find((s) => s.name === name) as ModelSpec)
const ctx: CostContext = { repeats: 3, trainImages: 20_000, testImages: 2_000, cores: 2, lanes: 2, queue: null, backend: 'auto', records: [], epochs: null }

describe('sweepableParams', () => {
  it('offers only the parameters the variant has', () => {
    expect(sweepableParams(seed('baseline'))).toEqual(['l2', 'l1', 'epochs'])
    expect(sweepableParams(seed('dropout'))).toEqual(['l2', 'l1', 'rate', 'epochs'])
    expect(sweepableParams(seed('earlystopping'))).toEqual(['l2', 'l1', 'patience', 'epochs'])
  })
})

describe('planSweep', () => {
  it('expands a log range into named variants with the value set', () => {
    const plan = planSweep(seed('l2'), 'l2', '1e-5..1e-3 x3', ['baseline', 'l2'])
    expect(plan.ok).toBe(true)
    if (!plan.ok) return
    expect(plan.specs.map((s) => s.name)).toEqual(['l2[l2=0.00001]', 'l2[l2=0.0001]', 'l2[l2=0.001]'])
    expect(plan.specs[2].layers[0]).toMatchObject({ type: 'dense', l2: 0.001 })
  })

  it('says in one line why values cannot be used', () => {
    expect(planSweep(seed('l2'), 'l2', '', [])).toEqual({ ok: false, error: 'Sweep of l2: the list of values is empty' })
    expect(planSweep(seed('dropout'), 'rate', '0.2,1.5', [])).toMatchObject({ ok: false, error: expect.stringContaining('outside [0, 1)') })
    expect(planSweep(seed('l2'), 'l2', '1e-4,abc', [])).toMatchObject({ ok: false, error: expect.stringContaining('"abc" is not a number') })
    expect(planSweep(seed('baseline'), 'rate', '0.2', [])).toMatchObject({ ok: false, error: expect.stringContaining('no Dropout layers') })
  })

  it('refuses a generated name the study already has', () => {
    expect(planSweep(seed('l2'), 'l2', '1e-4', ['l2[l2=0.0001]'])).toEqual({
      ok: false,
      error: 'The study already has a variant named "l2[l2=0.0001]"'
    })
  })
})

describe('studySweeps', () => {
  it('reads the sweeps back from the variant names, with the values still present', () => {
    const names = ['baseline', 'l2[l2=0.0001]', 'l2[l2=0.001]', 'dropout[rate=0.3]']
    const variants = names.map((name) => ({ ...seed('baseline'), name }))
    expect(studySweeps(variants)).toEqual([
      { variant: 'l2', param: 'l2', values: [0.0001, 0.001] },
      { variant: 'dropout', param: 'rate', values: [0.3] }
    ])
    expect(sweepNames({ variant: 'l2', param: 'l2', values: [0.0001] })).toEqual(['l2[l2=0.0001]'])
  })
})

describe('sweepCost', () => {
  it('counts one run per value and repeat and words its time as the Train view does', () => {
    const plan = planSweep(seed('l2'), 'l2', '1e-5,1e-4', [])
    if (!plan.ok) throw new Error(plan.error)
    const cost = sweepCost(plan.specs, ctx)
    expect(cost.runs).toBe(6)
    expect(cost.words).toMatch(/^about \d+–\d+ min, 2 runs at a time, assuming /)
    // One epoch instead of the variant's ten: seconds, not minutes.
    expect(sweepCost(plan.specs, { ...ctx, epochs: 1 }).words).toMatch(/^about \d+–\d+ s, /)
    expect(sweepCost(plan.specs, { ...ctx, trainImages: null }).words).toBeNull()
  })
})
