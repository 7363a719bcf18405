/** Hand-built runs for the renderer tests: records, histories and evaluations as the host returns them. */
import type { RunDetails, RunListItem } from '../../../../src/shared/api'
import { PRESETS } from '../../../../src/shared/presets'
import type { EpochMetrics, Evaluation, RunRecord, RunStatus, WeightStats } from '../../../../src/shared/results'

export function record(id: string, fields: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    name: fields.name ?? id,
    // As the host records runs: the spec carries the run's name.
    spec: { ...structuredClone(PRESETS.seed[0]), name: fields.name ?? id },
    dataset: { source: 'test data', fingerprint: 'f'.repeat(64), train: 2700, validation: 300, test: 1000 },
    status: 'finished' as RunStatus,
    createdAt: '2026-01-01T00:00:00.000Z',
    epochsRun: 3,
    ...fields
  }
}

export function item(id: string, fields: Partial<RunRecord> = {}): RunListItem {
  return { record: record(id, fields) }
}

export function history(epochs: number, withValidation = true): EpochMetrics[] {
  return Array.from({ length: epochs }, (_, i) => {
    const h: EpochMetrics = { epoch: i + 1, loss: 1 / (i + 1), accuracy: 0.7 + i * 0.001, ms: 1000 }
    if (withValidation) {
      h.val_loss = 0.5 + Math.abs(i - epochs / 2) / epochs
      h.val_accuracy = 0.8 + i * 0.0005
    }
    return h
  })
}

function layer(name: string, shape: number[], nearZero: number): WeightStats {
  return {
    layer: name,
    shape,
    count: shape[0] * shape[1],
    l1: 1,
    l2: 1,
    mean: 0,
    std: 0.05,
    nearZero,
    histogram: { min: -0.2, max: 0.2, counts: [0, 10, 80, 10] }
  }
}

export function evaluation(trainAccuracy: number, testAccuracy: number, hiddenNearZero = 0.01): Evaluation {
  const confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 90 : p === (t + 1) % 10 ? 10 : 0)))
  return {
    trainLoss: 0.2,
    trainAccuracy,
    testLoss: 0.4,
    testAccuracy,
    confusion,
    perClassAccuracy: confusion.map((row, t) => row[t] / 100),
    samples: Array.from({ length: 10 }, (_, index) => ({
      index,
      label: index,
      predicted: index,
      probabilities: Array.from({ length: 10 }, (_, c) => (c === index ? 0.91 : 0.01))
    })),
    misclassified: [{ index: 42, label: 6, predicted: 0, probabilities: [0.6, 0, 0, 0, 0, 0, 0.4, 0, 0, 0] }],
    weights: [layer('dense_1', [784, 512], hiddenNearZero), layer('dense_2', [512, 512], hiddenNearZero), layer('dense_3', [512, 10], 0.01)]
  }
}

export function details(id: string, fields: Partial<RunRecord> = {}, testAccuracy = 0.85): RunDetails {
  const r = record(id, { bestEpoch: 3, seconds: 12, msPerStep: 30, ...fields })
  return { record: r, history: history(r.epochsRun), evaluation: r.status === 'finished' ? evaluation(0.9, testAccuracy) : undefined }
}
