import { describe, expect, it } from 'vitest'
import { REQUESTS } from '../../../../src/shared/api'
import { PRESETS, QUICK_TRY } from '../../../../src/shared/presets'
import { validateSpec } from '../../../../src/shared/specValidate'
import { overriddenEpochs, parseOptionalCount, parseRepeats, parseSeed, runRequest, specToRun, studyRequest } from '../../../../src/renderer/src/lib/trainRequests'

const specs = structuredClone(PRESETS.seed)

describe('studyRequest', () => {
  it('sends every variant with the seed and backend, without limits for a full run', () => {
    const req = studyRequest('ds1', specs, { backend: 'wasm', seed: 7 })
    expect(req).toEqual({ datasetId: 'ds1', specs, seed: 7, backend: 'wasm' })
    expect(REQUESTS['runs.startStudy'].check(req).ok).toBe(true)
  })

  it('the quick try\'s sizes limit the data and set every variant\'s epochs, keeping valid specs', () => {
    const req = studyRequest('ds1', specs, { backend: 'auto', seed: 42, trainLimit: QUICK_TRY.trainLimit, testLimit: QUICK_TRY.testLimit, epochs: QUICK_TRY.epochs })
    expect(req.trainLimit).toBe(QUICK_TRY.trainLimit)
    expect(req.testLimit).toBe(QUICK_TRY.testLimit)
    const sent = req.specs as typeof specs
    expect(sent.map((s) => s.epochs)).toEqual([5, 5, 5, 5, 5])
    expect(sent[4].earlyStopping).toEqual(specs[4].earlyStopping)
    for (const s of sent) expect(validateSpec(s).ok).toBe(true)
    expect(specs[4].epochs).toBe(50)
    expect(REQUESTS['runs.startStudy'].check(req).ok).toBe(true)
  })
})

describe('repeats', () => {
  it('a study of several repeats asks for them; one repeat leaves them to the host default', () => {
    const req = studyRequest('ds1', specs, { backend: 'auto', seed: 3 }, 5)
    expect(req.repeats).toBe(5)
    expect(REQUESTS['runs.startStudy'].check(req).ok).toBe(true)
    expect('repeats' in studyRequest('ds1', specs, { backend: 'auto', seed: 3 }, 1)).toBe(false)
  })

  it('parses whole numbers from 1 to 100 only', () => {
    expect(parseRepeats(' 5 ')).toBe(5)
    expect(parseRepeats('100')).toBe(100)
    for (const bad of ['0', '101', '-1', '2.5', '', 'x', '1e2']) expect(parseRepeats(bad)).toBeNull()
  })
})

describe('runRequest', () => {
  it('puts the seed into the spec', () => {
    const req = runRequest('ds1', specs[1], { backend: 'cpu', seed: 9, epochs: 5, trainLimit: 300 })
    expect(req.spec).toMatchObject({ name: 'dropout', seed: 9, epochs: 5 })
    expect(req.backend).toBe('cpu')
    expect(req.trainLimit).toBe(300)
    expect('testLimit' in req).toBe(false)
    expect(REQUESTS['runs.start'].check(req).ok).toBe(true)
  })
})

describe('parseSeed', () => {
  it('accepts whole numbers in range and refuses the rest', () => {
    expect(parseSeed(' 42 ')).toBe(42)
    expect(parseSeed('0')).toBe(0)
    expect(parseSeed('2147483647')).toBe(2147483647)
    for (const bad of ['', '-1', '1.5', '2147483648', 'abc', '1e3']) expect(parseSeed(bad), bad).toBeNull()
  })
})

describe('the epochs override', () => {
  it('replaces each variant\'s epochs, raising as well as lowering them, except the points of an epochs sweep', () => {
    const short = { ...specs[0], epochs: 2 }
    const swept = { ...specs[0], name: 'baseline[epochs=30]', epochs: 30 }
    expect(specToRun(short, { epochs: 8 }).epochs).toBe(8)
    expect(specToRun(specs[4], { epochs: 8 }).epochs).toBe(8)
    expect(specToRun(swept, { epochs: 8 }).epochs).toBe(30)
    expect(specToRun(short, {})).toBe(short)
  })

  it('names the variants whose own epochs it replaces, for the Train view to say so', () => {
    const same = { ...specs[1], epochs: 5 }
    const swept = { ...specs[0], name: 'baseline[epochs=30]', epochs: 30 }
    expect(overriddenEpochs([specs[0], same, swept, specs[4]], 5)).toEqual([
      { name: 'baseline', epochs: specs[0].epochs },
      { name: 'earlystopping', epochs: 50 }
    ])
    expect(overriddenEpochs(specs, undefined)).toEqual([])
  })
})

describe('parseOptionalCount', () => {
  it('reads empty as not set, whole numbers in range (with digit groups) as the value, the rest as null', () => {
    expect(parseOptionalCount('  ', 10)).toBeUndefined()
    expect(parseOptionalCount('10,000', 10)).toBe(10_000)
    expect(parseOptionalCount(' 300 ', 10)).toBe(300)
    expect(parseOptionalCount('1000', 1, 1000)).toBe(1000)
    for (const bad of ['9', '-5', '2.5', 'abc', '1e3', '1001']) expect(parseOptionalCount(bad, 10, 1000), bad).toBeNull()
  })
})
