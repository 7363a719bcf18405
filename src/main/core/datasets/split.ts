/** Seeded, stratified index splits of a labelled set, and gathering a subset by index. */
import { PIXELS } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import { createRng, shuffleInPlace } from '../util/rng'
import type { ImageSet } from './types'

/**
 * Splits `total` over classes in proportion to their sizes so the parts sum to exactly `total`
 * (largest remainder; equal remainders go to the lower class index). Integer arithmetic, so
 * the result does not depend on floating-point rounding.
 */
export function allocateProportionally(classSizes: readonly number[], total: number): number[] {
  const n = classSizes.reduce((a, b) => a + b, 0)
  if (n === 0) return classSizes.map(() => 0)
  const remainders = classSizes.map((size) => (total * size) % n)
  const parts = classSizes.map((size, c) => (total * size - remainders[c]) / n)
  let left = total - parts.reduce((a, b) => a + b, 0)
  const byRemainder = classSizes.map((_, c) => c).sort((a, b) => remainders[b] - remainders[a] || a - b)
  for (const c of byRemainder) {
    if (left === 0) break
    parts[c]++
    left--
  }
  return parts
}

/**
 * Holds out part of a labelled set, stratified by label: each class gives its proportional share
 * (rounded so the total is exact), chosen by a seeded shuffle. `holdout` below 1 is a fraction of
 * the set; 1 or more is a whole number of examples. Same labels and seed, same split.
 * Both outputs are sorted ascending.
 */
export function stratifiedHoldout(
  labels: Uint8Array,
  holdout: number,
  seed: number
): { keep: Uint32Array; holdout: Uint32Array } {
  const total = holdoutCount(labels.length, holdout)
  const byClass = indicesByLabel(labels)
  const parts = allocateProportionally(byClass.map((members) => members.length), total)
  const rng = createRng(seed)
  const held = new Uint8Array(labels.length)
  byClass.forEach((members, label) => {
    shuffleInPlace(members, rng)
    for (let k = 0; k < parts[label]; k++) held[members[k]] = 1
  })

  const keepOut = new Uint32Array(labels.length - total)
  const holdoutOut = new Uint32Array(total)
  let kept = 0
  let taken = 0
  for (let i = 0; i < labels.length; i++) {
    if (held[i]) holdoutOut[taken++] = i
    else keepOut[kept++] = i
  }
  return { keep: keepOut, holdout: holdoutOut }
}

/** A new ImageSet holding copies of the given examples, in the order of `indices`. */
export function gatherImageSet(set: ImageSet, indices: Uint32Array): ImageSet {
  const images = new Uint8Array(indices.length * PIXELS)
  const labels = new Uint8Array(indices.length)
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]
    if (i >= set.count) throw new RangeError(`index ${i} is outside the set of ${set.count} examples`)
    images.set(set.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS)
    labels[k] = set.labels[i]
  }
  return { count: indices.length, images, labels }
}

function holdoutCount(n: number, holdout: number): number {
  if (!Number.isFinite(holdout) || holdout < 0) {
    throw new UserError('invalid_holdout', `validation hold-out ${holdout}: must be a fraction in [0, 1) or a whole count`)
  }
  if (holdout < 1) return Math.round(holdout * n)
  if (!Number.isInteger(holdout) || holdout > n) {
    throw new UserError(
      'invalid_holdout',
      `validation hold-out ${holdout}: a count must be a whole number of at most ${n} (the examples available)`
    )
  }
  return holdout
}

/** Example indices per label value (index = label 0..255; absent labels give empty lists). */
function indicesByLabel(labels: Uint8Array): Uint32Array[] {
  const sizes = new Array<number>(256).fill(0)
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++
  const byClass = sizes.map((size) => new Uint32Array(size))
  const filled = new Array<number>(256).fill(0)
  for (let i = 0; i < labels.length; i++) byClass[labels[i]][filled[labels[i]]++] = i
  return byClass
}
