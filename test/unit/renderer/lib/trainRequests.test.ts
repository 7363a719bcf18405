import { describe, expect, it } from 'vitest'
import { REQUESTS } from '../../../../src/shared/api'
import { PRESETS, QUICK_TRY } from '../../../../src/shared/presets'
import { validateSpec } from '../../../../src/shared/specValidate'
import { parseRepeats, parseSeed, runRequest, studyRequest } from '../../../../src/renderer/src/lib/trainRequests'

const specs = structuredClone(PRESETS.seed)

describe('studyRequest', () => {
  it('sends every variant with the seed and backend, without limits for a full run', () => {
    const req = studyRequest('ds1', specs, { backend: 'wasm', quick: false, seed: 7 })
    expect(req).toEqual({ datasetId: 'ds1', specs, seed: 7, backend: 'wasm' })
    expect(REQUESTS['runs.startStudy'].check(req).ok).toBe(true)
  })

  it('a quick try limits the data and caps the epochs, keeping valid specs', () => {
    const req = studyRequest('ds1', specs, { backend: 'auto', quick: true, seed: 42 })
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
    const req = studyRequest('ds1', specs, { backend: 'auto', quick: false, seed: 3 }, 5)
    expect(req.repeats).toBe(5)
    expect(REQUESTS['runs.startStudy'].check(req).ok).toBe(true)
    expect('repeats' in studyRequest('ds1', specs, { backend: 'auto', quick: false, seed: 3 }, 1)).toBe(false)
  })

  it('parses whole numbers from 1 to 100 only', () => {
    expect(parseRepeats(' 5 ')).toBe(5)
    expect(parseRepeats('100')).toBe(100)
    for (const bad of ['0', '101', '-1', '2.5', '', 'x', '1e2']) expect(parseRepeats(bad)).toBeNull()
  })
})

describe('runRequest', () => {
  it('puts the seed into the spec', () => {
    const req = runRequest('ds1', specs[1], { backend: 'cpu', quick: true, seed: 9 })
    expect(req.spec).toMatchObject({ name: 'dropout', seed: 9, epochs: 5 })
    expect(req.backend).toBe('cpu')
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
