import type { DatasetSource } from '../../../shared/dataset'

/** n images of 28x28 uint8 pixels, row-major, with one uint8 label (0..K-1) each. */
export interface ImageSet {
  count: number
  images: Uint8Array
  labels: Uint8Array
}

/** A dataset held in memory: a train and a test set, its classes, plus where it came from. */
export interface Dataset {
  source: DatasetSource
  train: ImageSet
  test: ImageSet
  /** One name per class, index = label; K = its length. */
  classNames: string[]
  /** The published dataset its files were recognised as by MD5, when they were. */
  recognisedAs?: string
  warnings: string[]
  /** What stands behind the warnings, for those who ask. */
  warningDetails?: string[]
}
