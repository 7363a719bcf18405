import { flushSync } from 'svelte'
import { describe, expect, it } from 'vitest'
import { PRESETS, SWEEP_PRESETS } from '../../../../src/shared/presets'
import { SweepDraft } from '../../../../src/renderer/src/state/sweepDraft.svelte'
import { StudyEditor } from '../../../../src/renderer/src/state/study.svelte'

function seededStudy(): StudyEditor {
  return new StudyEditor(PRESETS, structuredClone(PRESETS.seed))
}

describe('SweepDraft', () => {
  it('starts on the first parameter with suggested values and follows the parameter until values are typed', () => {
    const study = seededStudy()
    const draft = new SweepDraft(study.sweepBase('dropout')!, study.variants.map((v) => v.name))
    expect(draft.params).toEqual(['l2', 'l1', 'rate', 'epochs'])
    expect(draft.param).toBe('l2')
    expect(draft.plan.ok).toBe(true)
    draft.setParam('rate')
    expect(draft.valuesText).toBe('0.2,0.3,0.4,0.5')
    draft.setValues('0.2,0.4')
    draft.setParam('epochs')
    expect(draft.valuesText).toBe('0.2,0.4')
    expect(draft.plan).toMatchObject({ ok: false, error: expect.stringContaining('not a whole number') })
  })

  it('opens an existing sweep with its values, its own variants not counting as taken', () => {
    const study = seededStudy()
    const first = new SweepDraft(study.sweepBase('l2')!, study.variants.map((v) => v.name))
    first.setValues('1e-4,1e-3')
    if (!first.plan.ok) throw new Error(first.plan.error)
    study.applySweep('l2', first.plan.specs)
    const [sweep] = study.sweeps
    const edit = new SweepDraft(study.sweepBase('l2')!, study.variants.map((v) => v.name), sweep)
    expect(edit.param).toBe('l2')
    expect(edit.valuesText).toBe('0.0001,0.001')
    expect(edit.plan.ok).toBe(true)
  })
})

describe('StudyEditor sweeps', () => {
  it('adds the generated variants after their base, edits and removes them', () => {
    const study = seededStudy()
    const draft = new SweepDraft(study.sweepBase('l2')!, study.variants.map((v) => v.name))
    draft.setValues('1e-5,1e-4')
    if (!draft.plan.ok) throw new Error(draft.plan.error)
    study.applySweep('l2', draft.plan.specs)
    flushSync()
    expect(study.variants.map((v) => v.name)).toEqual(['baseline', 'dropout', 'l2', 'l2[l2=0.00001]', 'l2[l2=0.0001]', 'l1', 'earlystopping'])
    expect(study.variant?.name).toBe('l2[l2=0.00001]')
    expect(study.sweeps).toEqual([{ variant: 'l2', param: 'l2', values: [1e-5, 0.0001] }])

    const edit = new SweepDraft(study.sweepBase('l2')!, study.variants.map((v) => v.name), study.sweeps[0])
    edit.setValues('1e-3')
    if (!edit.plan.ok) throw new Error(edit.plan.error)
    study.applySweep('l2', edit.plan.specs, study.sweeps[0])
    expect(study.variants.map((v) => v.name)).toEqual(['baseline', 'dropout', 'l2', 'l2[l2=0.001]', 'l1', 'earlystopping'])

    study.select(0)
    study.removeSweep(study.sweeps[0])
    expect(study.variants.map((v) => v.name)).toEqual(['baseline', 'dropout', 'l2', 'l1', 'earlystopping'])
    expect(study.sweeps).toEqual([])
    expect(study.variant?.name).toBe('baseline')
  })

  it('loads the sweep preset: the baseline and each sweep, at its epochs, editable from the preset variant', () => {
    const study = seededStudy()
    study.loadSweepPreset('sweep')
    const preset = SWEEP_PRESETS.sweep
    expect(study.variants).toHaveLength(1 + preset.sweeps.reduce((n, s) => n + s.values.length, 0))
    expect(study.variants[0].name).toBe('baseline')
    expect(study.variants.every((v) => v.epochs === preset.epochs)).toBe(true)
    expect(study.sweeps.map((s) => `${s.variant}:${s.param}`)).toEqual(['l2:l2', 'l1:l1', 'dropout:rate'])
    // The swept variants themselves are not in the study: their settings come from the preset.
    expect(study.sweepBase('l1')?.layers.some((l) => l.type === 'dense' && (l.l1 ?? 0) > 0)).toBe(true)
  })
})
