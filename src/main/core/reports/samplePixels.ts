import { PIXELS } from '../../../shared/dataset'
import type { Dataset } from '../datasets/types'

/** The report's sample images: the first 10 test images, in the order evaluation.samples lists them. */
export function reportSamplePixels(dataset: Dataset): number[][] {
  const n = Math.min(10, dataset.test.count)
  return Array.from({ length: n }, (_, i) => Array.from(dataset.test.images.subarray(i * PIXELS, (i + 1) * PIXELS)))
}
