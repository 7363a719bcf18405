/** A page of a run's misclassified test images, filtered by true and predicted class. */
import type { MisclassifiedPage } from '../../../shared/api'
import type { Evaluation, SamplePrediction } from '../../../shared/results'

export interface MisclassifiedFilter {
  /** True class. */
  label?: number
  predicted?: number
}

const matches = (filter: MisclassifiedFilter, label: number, predicted: number): boolean =>
  (filter.label === undefined || filter.label === label) && (filter.predicted === undefined || filter.predicted === predicted)

/**
 * The counts come from the confusion matrix, so they are exact even for a run that kept only its
 * first 50 misclassified images (`all` undefined): those are then what can be paged.
 */
export function misclassifiedPage(
  evaluation: Evaluation,
  all: readonly SamplePrediction[] | undefined,
  filter: MisclassifiedFilter,
  offset: number,
  limit: number
): MisclassifiedPage {
  let total = 0
  let matching = 0
  evaluation.confusion.forEach((row, label) =>
    row.forEach((n, predicted) => {
      if (label === predicted) return
      total += n
      if (matches(filter, label, predicted)) matching += n
    })
  )
  const listedAll = (all ?? evaluation.misclassified).filter((p) => matches(filter, p.label, p.predicted))
  return {
    total,
    matching,
    listed: listedAll.length,
    offset,
    predictions: listedAll.slice(offset, offset + limit),
    complete: all !== undefined
  }
}
