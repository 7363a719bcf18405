import { describe, expect, it } from 'vitest'
import { countParameters, formatSpecIssues, validateSpec } from '../../../src/shared/specValidate'
import type { SpecIssue } from '../../../src/shared/spec'

const minimal = {
  name: 'tiny',
  layers: [
    { type: 'dense', units: 32, activation: 'relu' },
    { type: 'dense', units: 10, activation: 'softmax' }
  ],
  epochs: 2,
  batchSize: 64
}

function issuesOf(input: unknown): SpecIssue[] {
  const result = validateSpec(input)
  if (result.ok) throw new Error('expected the spec to be refused')
  return result.issues
}

function pathsOf(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path)
}

function withChange(change: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(minimal), ...change }
}

describe('validateSpec', () => {
  it('accepts a minimal spec and fills in the defaults', () => {
    const result = validateSpec(minimal)
    expect(result).toEqual({
      ok: true,
      spec: {
        name: 'tiny',
        layers: minimal.layers,
        optimizer: { name: 'rmsprop', learningRate: 0.001 },
        loss: 'sparseCategoricalCrossentropy',
        epochs: 2,
        batchSize: 64,
        validationSplit: 0.1,
        seed: 42,
        normalize: true
      }
    })
  })

  it('returns a fresh object, not the input', () => {
    const input = structuredClone(minimal)
    const result = validateSpec(input)
    if (!result.ok) throw new Error('expected ok')
    expect(result.spec.layers).not.toBe(input.layers)
    expect(result.spec.layers[0]).not.toBe(input.layers[0])
  })

  it('keeps every optional field that is given', () => {
    const full = {
      ...minimal,
      layers: [
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 64, activation: 'elu', l1: 1e-5, l2: 0 },
        { type: 'dense', units: 10, activation: 'softmax' }
      ],
      optimizer: { name: 'adam', learningRate: 0.01 },
      loss: 'sparseCategoricalCrossentropy',
      validationSplit: 0,
      earlyStopping: { monitor: 'loss', patience: 0, minDelta: 0.001, restoreBestWeights: true },
      seed: 2 ** 31 - 1,
      normalize: false
    }
    expect(validateSpec(full)).toEqual({ ok: true, spec: full })
  })

  it('defaults the learning rate per optimizer and the optional early-stopping fields', () => {
    const result = validateSpec(withChange({ optimizer: { name: 'sgd' }, earlyStopping: { patience: 2 } }))
    if (!result.ok) throw new Error(formatSpecIssues(result.issues))
    expect(result.spec.optimizer).toEqual({ name: 'sgd', learningRate: 0.01 })
    expect(result.spec.earlyStopping).toEqual({ monitor: 'val_loss', patience: 2, minDelta: 0, restoreBestWeights: false })
  })

  it('refuses non-objects at the root', () => {
    for (const input of [null, 42, 'spec', [minimal], undefined]) {
      expect(issuesOf(input)).toEqual([{ path: '', message: expect.stringContaining('JSON object') }])
    }
  })

  it.each([
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(81) }],
    ['name', { name: 'two\nlines' }],
    ['name', { name: 7 }],
    ['layers', { layers: [] }],
    ['layers', { layers: 'dense' }],
    ['layers', { layers: Array.from({ length: 21 }, () => minimal.layers[1]) }],
    ['epochs', { epochs: 0 }],
    ['epochs', { epochs: 1001 }],
    ['epochs', { epochs: 2.5 }],
    ['epochs', { epochs: '10' }],
    ['batchSize', { batchSize: 65537 }],
    ['batchSize', { batchSize: Number.NaN }],
    ['validationSplit', { validationSplit: 0.95 }],
    ['validationSplit', { validationSplit: -0.1 }],
    ['seed', { seed: -1 }],
    ['seed', { seed: 2 ** 31 }],
    ['normalize', { normalize: 'yes' }],
    ['loss', { loss: 'mse' }],
    ['optimizer', { optimizer: 'adam' }],
    ['optimizer.name', { optimizer: { name: 'adagrad', learningRate: 0.1 } }],
    ['optimizer.learningRate', { optimizer: { name: 'adam', learningRate: 0 } }],
    ['optimizer.learningRate', { optimizer: { name: 'adam', learningRate: 11 } }],
    ['optimizer.learningRate', { optimizer: { name: 'adam', learningRate: Infinity } }],
    ['earlyStopping', { earlyStopping: true }],
    ['earlyStopping.patience', { earlyStopping: { monitor: 'loss', patience: -1 } }],
    ['earlyStopping.patience', { earlyStopping: { monitor: 'loss', patience: 1.5 } }],
    ['earlyStopping.patience', { earlyStopping: { monitor: 'loss' } }],
    ['earlyStopping.monitor', { earlyStopping: { monitor: 'val_acc', patience: 1 } }],
    ['earlyStopping.minDelta', { earlyStopping: { patience: 1, minDelta: -0.1 } }],
    ['earlyStopping.restoreBestWeights', { earlyStopping: { patience: 1, restoreBestWeights: 1 } }],
    ['epoch', { epoch: 10 }],
    ['__proto__', JSON.parse('{"__proto__": {"polluted": true}}')]
  ])('reports %s for %j', (path, change) => {
    expect(pathsOf(withChange(change))).toEqual([path])
  })

  it.each([
    ['layers[0].units', { type: 'dense', units: 0, activation: 'relu' }],
    ['layers[0].units', { type: 'dense', units: 4097, activation: 'relu' }],
    ['layers[0].units', { type: 'dense', units: 12.5, activation: 'relu' }],
    ['layers[0].activation', { type: 'dense', units: 8, activation: 'gelu' }],
    ['layers[0].activation', { type: 'dense', units: 8 }],
    ['layers[0].l1', { type: 'dense', units: 8, activation: 'relu', l1: -1e-4 }],
    ['layers[0].l2', { type: 'dense', units: 8, activation: 'relu', l2: 1.5 }],
    ['layers[0].l2', { type: 'dense', units: 8, activation: 'relu', l2: null }],
    ['layers[0].bias', { type: 'dense', units: 8, activation: 'relu', bias: false }],
    ['layers[0].rate', { type: 'dropout', rate: 1 }],
    ['layers[0].rate', { type: 'dropout', rate: -0.1 }],
    ['layers[0].rate', { type: 'dropout' }],
    ['layers[0].units', { type: 'dropout', rate: 0.5, units: 3 }],
    ['layers[0].type', { type: 'conv2d' }],
    ['layers[0]', 'dense']
  ])('reports %s for the layer %j', (path, layer) => {
    expect(pathsOf(withChange({ layers: [layer, minimal.layers[1]] }))).toEqual([path])
  })

  it.each([
    [{ type: 'dense', units: 10, activation: 'relu' }],
    [{ type: 'dense', units: 1, activation: 'softmax' }],
    [{ type: 'dense', units: 101, activation: 'softmax' }],
    [{ type: 'dropout', rate: 0.5 }]
  ])('requires the last layer to be Dense K softmax (2 <= K <= 100), not %j', (last) => {
    const issues = issuesOf(withChange({ layers: [minimal.layers[0], last] }))
    expect(issues.map((i) => i.path)).toContain('layers[1]')
    expect(formatSpecIssues(issues)).toContain('last layer must be')
  })

  it('calls an emptied number field nothing, not null', () => {
    expect(issuesOf({ ...minimal, optimizer: { name: 'rmsprop', learningRate: null } })).toEqual([
      { path: 'optimizer.learningRate', message: expect.stringMatching(/ \(got nothing\)$/) }
    ])
  })

  it('says in words what is wrong with a name', () => {
    expect(issuesOf(withChange({ name: ' ' }))).toEqual([{ path: 'name', message: 'must not be empty: runs and reports are named after it' }])
    expect(issuesOf(withChange({ name: 7 }))).toEqual([{ path: 'name', message: 'must be a text (got 7)' }])
  })

  it('requires validation data for early stopping on a val_ metric', () => {
    const issues = issuesOf(withChange({ validationSplit: 0, earlyStopping: { monitor: 'val_accuracy', patience: 2 } }))
    expect(issues).toEqual([{ path: 'earlyStopping.monitor', message: expect.stringContaining('validationSplit') }])
    expect(validateSpec(withChange({ validationSplit: 0, earlyStopping: { monitor: 'loss', patience: 2 } })).ok).toBe(true)
  })

  it('reports every problem at once, each with its own path', () => {
    const issues = issuesOf({
      name: '',
      layers: [{ type: 'dense', units: -1, activation: 'relu' }, { type: 'dropout', rate: 2 }, minimal.layers[1]],
      epochs: 0,
      batchSize: 0,
      extra: 1
    })
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['batchSize', 'epochs', 'extra', 'layers[0].units', 'layers[1].rate', 'name'].sort()
    )
  })

  it('caps the number of issues for hostile input', () => {
    const input: Record<string, unknown> = withChange({})
    for (let i = 0; i < 500; i++) input[`junk${i}`] = i
    const issues = issuesOf(input)
    expect(issues).toHaveLength(51)
    expect(issues[50].message).toBe('and 450 more problems')
  })
})

describe('formatSpecIssues', () => {
  it('puts all issues on one line with their paths', () => {
    const line = formatSpecIssues(issuesOf(withChange({ epochs: 0, layers: [{ type: 'dropout', rate: 1 }, minimal.layers[1]] })))
    expect(line).not.toContain('\n')
    expect(line).toMatch(/^layers\[0\]\.rate: must be a number at least 0 and less than 1 \(got 1\); epochs: must be an integer from 1 to 1000 \(got 0\)$/)
  })

  it('shows root issues without a path', () => {
    expect(formatSpecIssues([{ path: '', message: 'a model spec must be a JSON object (got null)' }])).toBe(
      'a model spec must be a JSON object (got null)'
    )
  })
})

describe('countParameters', () => {
  it('counts like model.summary(): in*units + units per Dense, 0 for Dropout', () => {
    const result = validateSpec(
      withChange({
        layers: [
          { type: 'dense', units: 32, activation: 'relu' },
          { type: 'dropout', rate: 0.5 },
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 10, activation: 'softmax' }
        ]
      })
    )
    if (!result.ok) throw new Error('expected ok')
    expect(countParameters(result.spec)).toEqual({
      layers: [
        { name: 'dense_1', type: 'Dense', outputShape: [32], params: 784 * 32 + 32 },
        { name: 'dropout_1', type: 'Dropout', outputShape: [32], params: 0 },
        { name: 'dense_2', type: 'Dense', outputShape: [16], params: 32 * 16 + 16 },
        { name: 'dense_3', type: 'Dense', outputShape: [10], params: 16 * 10 + 10 }
      ],
      total: 784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10
    })
  })
})
