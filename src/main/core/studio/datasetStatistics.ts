/** Exploration numbers of a dataset: per-class mean images, pixel histogram, sample pages. */
import type { DatasetStatistics, SampleImages, TestImages } from '../../../shared/api'
import { PIXELS, type SplitName } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import type { Dataset, ImageSet } from '../datasets/types'

export function computeStatistics(dataset: Dataset): DatasetStatistics {
  const { images, labels, count } = dataset.train
  const classes = dataset.classNames.length
  const sums = Array.from({ length: classes }, () => new Float64Array(PIXELS))
  const perClass = new Array<number>(classes).fill(0)
  const firstOfClass = new Array<number>(classes).fill(-1)
  const histogram = new Array<number>(256).fill(0)
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < count; i++) {
    const label = labels[i]
    if (firstOfClass[label] === -1) firstOfClass[label] = i
    perClass[label]++
    const acc = sums[label]
    const base = i * PIXELS
    for (let p = 0; p < PIXELS; p++) {
      const v = images[base + p]
      acc[p] += v
      histogram[v]++
      sum += v
      sumSq += v * v
    }
  }
  const n = count * PIXELS
  const mean = n > 0 ? sum / n : 0
  return {
    meanImages: sums.map((acc, c) => Array.from(acc, (v) => (perClass[c] > 0 ? Math.round((v / perClass[c]) * 10) / 10 : 0))),
    pixelHistogram: histogram,
    firstOfClass,
    pixelMean: mean,
    pixelStd: n > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0
  }
}

/** One page of images of a split, optionally only those of one label. */
export function sampleImages(
  dataset: Dataset,
  split: SplitName,
  offset: number,
  limit: number,
  label?: number
): SampleImages {
  const set = dataset[split]
  let indices: number[]
  let total: number
  if (label === undefined) {
    total = set.count
    indices = []
    for (let i = offset; i < Math.min(set.count, offset + limit); i++) indices.push(i)
  } else {
    const matching: number[] = []
    for (let i = 0; i < set.count; i++) if (set.labels[i] === label) matching.push(i)
    total = matching.length
    indices = matching.slice(offset, offset + limit)
  }
  return {
    split,
    offset,
    total,
    indices,
    labels: indices.map((i) => set.labels[i]),
    pixels: indices.map((i) => imageBase64(set, i))
  }
}

/** Test images at the given indices; an index past the end is refused, not skipped. */
export function testImages(dataset: Dataset, indices: number[]): TestImages {
  const { test } = dataset
  const outside = indices.find((i) => i >= test.count)
  if (outside !== undefined) throw new UserError('invalid_request', `test image ${outside} does not exist (the test set has ${test.count})`)
  return {
    indices,
    labels: indices.map((i) => test.labels[i]),
    pixels: indices.map((i) => imageBase64(test, i))
  }
}

/** One image's 784 bytes as base64, the form images cross the API in. */
function imageBase64(set: ImageSet, index: number): string {
  return Buffer.from(set.images.subarray(index * PIXELS, (index + 1) * PIXELS)).toString('base64')
}
