import { NUM_CLASSES, type DatasetSummary, type SplitSummary } from '../../../shared/dataset'
import { fingerprintDataset } from './fingerprint'
import type { Dataset, ImageSet } from './types'

export function summarizeDataset(ds: Dataset): DatasetSummary {
  return {
    source: ds.source,
    fingerprint: fingerprintDataset(ds),
    train: summarizeSplit(ds.train),
    test: summarizeSplit(ds.test),
    warnings: [...ds.warnings]
  }
}

function summarizeSplit(set: ImageSet): SplitSummary {
  const perClass = new Array<number>(NUM_CLASSES).fill(0)
  for (let i = 0; i < set.count; i++) perClass[set.labels[i]]++
  return { count: set.count, perClass }
}
