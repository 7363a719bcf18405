import { describe, expect, it } from 'vitest'
import type { StudioClient } from '../../../../src/shared/api'
import { PRESETS } from '../../../../src/shared/presets'
import { countParameters, validateSpec } from '../../../../src/shared/specValidate'
import { AppState } from '../../../../src/renderer/src/state/app.svelte'
import { blankVariant, isFieldPath, StudyEditor, uniqueName } from '../../../../src/renderer/src/state/study.svelte'

/** The editor never talks to the host; a client that fails loudly proves it. */
const noClient: StudioClient = {
  request: () => Promise.reject(new Error('the editor must not call the host')),
  onEvent: () => () => {}
}

function seededStudy(): StudyEditor {
  return new StudyEditor(PRESETS, structuredClone(PRESETS.seed))
}

describe('uniqueName', () => {
  it('keeps a free name and numbers a taken one, ignoring case', () => {
    expect(uniqueName('dropout', ['baseline'])).toBe('dropout')
    expect(uniqueName('Baseline', ['baseline', 'baseline-2'])).toBe('Baseline-3')
    expect(uniqueName('  ', [])).toBe('variant')
  })
})

describe('isFieldPath', () => {
  it('accepts the paths the editor shows and refuses others', () => {
    for (const p of ['name', 'layers[3]', 'layers[0].units', 'optimizer.learningRate', 'earlyStopping.patience', 'seed']) {
      expect(isFieldPath(p), p).toBe(true)
    }
    for (const p of ['', 'loss', 'layers[0].bias', 'foo']) expect(isFieldPath(p), p).toBe(false)
  })
})

describe('StudyEditor', () => {
  it('starts on the first seed variant with no issues and the Keras parameter total', () => {
    const editor = seededStudy()
    expect(editor.variant?.name).toBe('baseline')
    expect(editor.issues).toEqual([])
    expect(editor.summary.total).toBe(669_706)
    expect(editor.hiddenCount).toBe(2)
  })

  it('maps a field problem to its path live, and clears it when fixed', () => {
    const editor = seededStudy()
    editor.select(1)
    const dropout = editor.variants[1].layers[1]
    if (dropout.type !== 'dropout') throw new Error('seed dropout variant changed')
    dropout.rate = 1.5
    expect(editor.issuesAt('layers[1].rate')[0]).toMatch(/less than 1/)
    dropout.rate = 0.5
    expect(editor.issuesAt('layers[1].rate')).toEqual([])
  })

  it('reports a name shared with another variant', () => {
    const editor = seededStudy()
    editor.rename(1, 'Baseline ')
    editor.select(1)
    expect(editor.issuesAt('name')[0]).toMatch(/another variant is also named "Baseline"/)
    expect(editor.issueCount(0)).toBe(1)
    expect(editor.issueCount(2)).toBe(0)
  })

  it('adds from a preset with a fresh name and selects it', () => {
    const editor = seededStudy()
    editor.addFromPreset({ preset: 'seed', index: 1 })
    expect(editor.variants).toHaveLength(6)
    expect(editor.selected).toBe(5)
    expect(editor.variant?.name).toBe('dropout-2')
    expect(editor.variant?.layers).toEqual(PRESETS.seed[1].layers)
    expect(editor.originOf(5)).toEqual({ preset: 'seed', index: 1 })
  })

  it('adds a blank variant that validates', () => {
    const editor = seededStudy()
    editor.addBlank()
    expect(editor.variant?.name).toBe('variant')
    expect(validateSpec(blankVariant('x')).ok).toBe(true)
    expect(editor.originOf(editor.selected)).toBeNull()
  })

  it('duplicates next to the original as an independent copy that remembers its preset', () => {
    const editor = seededStudy()
    editor.duplicate(2)
    expect(editor.variants.map((v) => v.name)).toEqual(['baseline', 'dropout', 'l2', 'l2-2', 'l1', 'earlystopping'])
    expect(editor.selected).toBe(3)
    editor.variants[3].epochs = 3
    expect(editor.variants[2].epochs).toBe(10)
    expect(editor.originOf(3)).toEqual({ preset: 'seed', index: 2 })
  })

  it('resets a renamed, edited variant to its preset and keeps its name', () => {
    const editor = seededStudy()
    editor.rename(4, 'patient')
    editor.select(4)
    editor.setEarlyStopping(false)
    editor.variants[4].epochs = 7
    editor.resetToPreset(4)
    expect(editor.variants[4]).toEqual({ ...PRESETS.seed[4], name: 'patient' })
  })

  it('removes a variant, keeps the selection on a neighbour and never removes the last one', () => {
    const editor = seededStudy()
    editor.select(4)
    editor.remove(4)
    expect(editor.selected).toBe(3)
    editor.remove(0)
    expect(editor.selected).toBe(2)
    expect(editor.variant?.name).toBe('l1')
    while (editor.variants.length > 1) editor.remove(0)
    editor.remove(0)
    expect(editor.variants).toHaveLength(1)
  })

  it('puts the last deleted variant back at its place, with its preset origin, renamed if its name was taken', () => {
    const editor = seededStudy()
    editor.variants[1].epochs = 12
    editor.remove(1)
    expect(editor.lastChange).toMatchObject({ action: 'deleted', spec: { name: 'dropout' } })
    editor.undo()
    expect(editor.variants.map((v) => v.name)).toEqual(['baseline', 'dropout', 'l2', 'l1', 'earlystopping'])
    expect(editor.variants[1].epochs).toBe(12)
    expect(editor.selected).toBe(1)
    expect(editor.lastChange).toBeNull()
    editor.resetToPreset(1)
    expect(editor.variants[1]).toEqual(PRESETS.seed[1])

    editor.remove(4)
    editor.addBlank()
    editor.rename(4, 'earlystopping')
    editor.undo()
    expect(editor.variants.map((v) => v.name)).toEqual(['baseline', 'dropout', 'l2', 'l1', 'earlystopping-2', 'earlystopping'])
  })

  it('undoes a reset to the preset, and offers no undo for a reset that changed nothing', () => {
    const editor = seededStudy()
    editor.variants[2].epochs = 3
    editor.variants[2].name = 'my l2'
    editor.select(0)
    editor.resetToPreset(2)
    expect(editor.variants[2]).toEqual({ ...PRESETS.seed[2], name: 'my l2' })
    expect(editor.lastChange).toMatchObject({ action: 'reset', spec: { name: 'my l2', epochs: 3 } })
    editor.undo()
    expect(editor.variants[2]).toMatchObject({ name: 'my l2', epochs: 3 })
    expect(editor.selected).toBe(2)
    expect(editor.lastChange).toBeNull()

    editor.resetToPreset(0)
    expect(editor.lastChange).toBeNull()

    // A variant added after a reset moves the places: the reset can no longer be undone by place.
    editor.variants[2].epochs = 4
    editor.resetToPreset(2)
    editor.duplicate(0)
    expect(editor.lastChange).toBeNull()
    expect(editor.variants.map((v) => v.name)).toEqual(['baseline', 'baseline-2', 'dropout', 'my l2', 'l1', 'earlystopping'])

    // The name it had before the reset comes back unless another variant took it meanwhile.
    editor.variants[3].epochs = 5
    editor.resetToPreset(3)
    editor.variants[4].name = 'my l2'
    editor.undo()
    expect(editor.variants[3]).toMatchObject({ name: 'my l2-2', epochs: 5 })
  })

  it('adds layers before the output, moves hidden layers only and keeps counts in step', () => {
    const editor = seededStudy()
    editor.addLayer('dropout')
    editor.addLayer('dense')
    const types = () => editor.variants[0].layers.map((l) => (l.type === 'dense' ? `dense${l.units}` : 'dropout'))
    expect(types()).toEqual(['dense512', 'dense512', 'dropout', 'dense128', 'dense10'])
    editor.moveLayer(2, -1)
    expect(types()).toEqual(['dense512', 'dropout', 'dense512', 'dense128', 'dense10'])
    editor.moveLayer(3, 1)
    editor.moveLayer(4, -1)
    expect(types()).toEqual(['dense512', 'dropout', 'dense512', 'dense128', 'dense10'])
    editor.removeLayer(4)
    editor.removeLayer(0)
    expect(types()).toEqual(['dropout', 'dense512', 'dense128', 'dense10'])
    const checked = validateSpec(plain(editor.variants[0]))
    if (!checked.ok) throw new Error('edited spec should be valid')
    expect(editor.summary.total).toBe(countParameters(checked.spec).total)
  })

  it('sets and clears regularizers and early stopping', () => {
    const editor = seededStudy()
    editor.setRegularizer(0, 'l2', 0.001)
    expect(editor.variants[0].layers[0]).toMatchObject({ l2: 0.001 })
    editor.setRegularizer(0, 'l2', null)
    expect('l2' in editor.variants[0].layers[0]).toBe(false)
    editor.setEarlyStopping(true)
    expect(editor.variants[0].earlyStopping).toEqual({ monitor: 'val_loss', patience: 3, minDelta: 0, restoreBestWeights: true })
    editor.variants[0].validationSplit = 0
    expect(editor.issuesAt('earlyStopping.monitor')[0]).toMatch(/needs validation data/)
    editor.setEarlyStopping(false)
    expect(editor.variants[0].earlyStopping).toBeUndefined()
    expect(editor.issues).toEqual([])
  })

  it('is owned by the app, one per app, so the selection survives leaving the view', () => {
    const app = new AppState(noClient)
    app.study.load(PRESETS, structuredClone(PRESETS.seed))
    app.study.select(3)
    expect(app.study.selected).toBe(3)
    const other = new AppState(noClient)
    other.study.load(PRESETS, structuredClone(PRESETS.seed))
    expect(other.study.selected).toBe(0)
  })
})

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
