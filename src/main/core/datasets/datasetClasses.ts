/** The classes of an imported dataset, read from its labels: K = largest label + 1, each class trained. */
import { MIN_CLASSES } from '../../../shared/classNames'
import { plural } from '../../../shared/format'
import { DatasetError } from './errors'
import type { LoadedSet } from './pairFiles'

/** Fewer training images than this in a class is worth a warning: its accuracy means little. */
export const FEW_TRAINING_IMAGES = 10

/**
 * K for a train and a test set, with the warnings it brings. Refused, naming the file and the place:
 * a test label no training image has, a class (below the largest label) absent from training, fewer
 * than two classes. Labels of 100 and above were refused when the files were read.
 */
export function checkClasses(train: LoadedSet, test: LoadedSet): { count: number; warnings: string[] } {
  const trainCounts = countLabels(train.set.labels)
  const count = trainCounts.length
  const outside = test.set.labels.findIndex((label) => label >= count)
  if (outside >= 0) {
    const { file, place } = test.labelAt(outside)
    throw DatasetError.at(file, place, `test label ${test.set.labels[outside]} is outside the train set's classes 0..${count - 1}`)
  }
  const trainLabels = train.labelAt(0).file
  if (count < MIN_CLASSES) {
    throw DatasetError.at(trainLabels, null, `every training label is 0: a dataset needs at least ${MIN_CLASSES} classes`)
  }
  const missing = trainCounts.flatMap((n, label) => (n === 0 ? [label] : []))
  if (missing.length > 0) {
    const which = missing.length === 1 ? `label ${missing[0]} never occurs` : `labels ${listNumbers(missing)} never occur`
    throw DatasetError.at(trainLabels, null, `${which} in the train set: classes must be 0..${count - 1}, each with training examples`)
  }
  const few = trainCounts.flatMap((n, label) => (n < FEW_TRAINING_IMAGES ? [`${label} (${n})`] : []))
  const warnings =
    few.length === 0
      ? []
      : [`${plural(few.length, 'class', 'classes')} with fewer than ${FEW_TRAINING_IMAGES} training images: ${few.join(', ')}; their accuracy says little`]
  return { count, warnings }
}

/** Examples per label, up to the largest label present. */
export function countLabels(labels: Uint8Array): number[] {
  const counts: number[] = []
  for (const label of labels) {
    while (counts.length <= label) counts.push(0)
    counts[label]++
  }
  return counts
}

function listNumbers(values: number[]): string {
  if (values.length > 8) return `${values.slice(0, 8).join(', ')}, … (${values.length} in all)`
  return values.length === 1 ? String(values[0]) : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`
}
