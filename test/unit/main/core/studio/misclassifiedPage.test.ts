import { describe, expect, it } from 'vitest'
import { misclassifiedPage } from '../../../../../src/main/core/studio/misclassifiedPage'
import type { Evaluation, SamplePrediction } from '../../../../../src/shared/results'

// Three classes: 2 of class 0 taken for 1, 3 of class 1 taken for 2, 1 of class 2 taken for 0.
const confusion = [
  [5, 2, 0],
  [0, 6, 3],
  [1, 0, 4]
]
const prediction = (index: number, label: number, predicted: number): SamplePrediction => ({
  index,
  label,
  predicted,
  probabilities: [0, 1, 2].map((c) => (c === predicted ? 0.7 : 0.15))
})
const all = [prediction(3, 0, 1), prediction(4, 1, 2), prediction(9, 1, 2), prediction(12, 2, 0), prediction(15, 0, 1), prediction(20, 1, 2)]
const evaluation: Evaluation = {
  trainLoss: 0.1,
  trainAccuracy: 0.9,
  testLoss: 0.2,
  testAccuracy: 15 / 21,
  confusion,
  perClassAccuracy: [5 / 7, 6 / 9, 4 / 5],
  samples: [],
  misclassified: all.slice(0, 2),
  weights: []
}

describe('misclassifiedPage', () => {
  it('counts every misclassified image from the confusion matrix and pages through them in test order', () => {
    const first = misclassifiedPage(evaluation, all, {}, 0, 4)
    expect(first).toMatchObject({ total: 6, matching: 6, listed: 6, offset: 0, complete: true })
    expect(first.predictions.map((p) => p.index)).toEqual([3, 4, 9, 12])
    expect(misclassifiedPage(evaluation, all, {}, 4, 4).predictions.map((p) => p.index)).toEqual([15, 20])
    expect(misclassifiedPage(evaluation, all, {}, 8, 4).predictions).toEqual([])
  })

  it('filters by true class, by predicted class and by both (a confusion-matrix cell)', () => {
    const cell = misclassifiedPage(evaluation, all, { label: 1, predicted: 2 }, 0, 10)
    expect(cell).toMatchObject({ total: 6, matching: confusion[1][2], listed: 3 })
    expect(cell.predictions.map((p) => p.index)).toEqual([4, 9, 20])
    expect(misclassifiedPage(evaluation, all, { label: 0 }, 0, 10).predictions.map((p) => p.index)).toEqual([3, 15])
    expect(misclassifiedPage(evaluation, all, { predicted: 0 }, 0, 10)).toMatchObject({ matching: 1, listed: 1 })
    expect(misclassifiedPage(evaluation, all, { label: 0, predicted: 2 }, 0, 10)).toMatchObject({ matching: 0, listed: 0, predictions: [] })
  })

  it('for a run that kept only its first misclassified images, still counts all but lists those it has', () => {
    const page = misclassifiedPage(evaluation, undefined, { label: 1 }, 0, 10)
    expect(page).toMatchObject({ total: 6, matching: 3, listed: 1, complete: false })
    expect(page.predictions.map((p) => p.index)).toEqual([4])
  })
})
