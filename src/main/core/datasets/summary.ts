import type { DatasetSummary, SplitSummary } from '../../../shared/dataset'
import { fingerprintDataset } from './fingerprint'
import type { Dataset, ImageSet } from './types'

export function summarizeDataset(ds: Dataset): DatasetSummary {
  return {
    source: ds.source,
    fingerprint: fingerprintDataset(ds),
    train: summarizeSplit(ds.train, ds.classNames.length),
    test: summarizeSplit(ds.test, ds.classNames.length),
    classNames: [...ds.classNames],
    ...(ds.recognisedAs === undefined ? {} : { recognisedAs: ds.recognisedAs }),
    warnings: [...ds.warnings],
    ...(ds.warningDetails === undefined ? {} : { warningDetails: [...ds.warningDetails] })
  }
}

function summarizeSplit(set: ImageSet, classes: number): SplitSummary {
  const perClass = new Array<number>(classes).fill(0)
  for (let i = 0; i < set.count; i++) perClass[set.labels[i]]++
  return { count: set.count, perClass }
}
