import { createHash } from 'node:crypto'
import type { Dataset } from './types'

/** SHA-256 (hex) of train images, train labels, test images, test labels, in that order. */
export function fingerprintDataset(ds: Dataset): string {
  return createHash('sha256')
    .update(ds.train.images)
    .update(ds.train.labels)
    .update(ds.test.images)
    .update(ds.test.labels)
    .digest('hex')
}
