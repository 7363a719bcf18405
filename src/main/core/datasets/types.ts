import type { DatasetSource } from '../../../shared/dataset'

/** n images of 28x28 uint8 pixels, row-major, with one uint8 label (0..9) each. */
export interface ImageSet {
  count: number
  images: Uint8Array
  labels: Uint8Array
}

/** A dataset held in memory: a train and a test set, plus where it came from. */
export interface Dataset {
  source: DatasetSource
  train: ImageSet
  test: ImageSet
  warnings: string[]
}
