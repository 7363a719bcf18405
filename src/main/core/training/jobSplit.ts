import type { ImageSet } from '../datasets/types'
import { gatherImageSet, stratifiedHoldout } from '../datasets/split'

export interface JobSplit {
  train: ImageSet
  validation: ImageSet | null
}

/** The last split made, by the set it came from: a kept trainer's next run of the same study reuses it. */
const lastSplits = new WeakMap<ImageSet, { holdout: number; seed: number; split: JobSplit }>()

/**
 * A job's training and validation sets: the stratified hold-out of `set` (split.ts), copied out.
 * The runs of a study share the set, the hold-out and its seed, so a trainer kept between them
 * (trainerPool.ts) splits once: copying 54,000 images apart took 0.16 s of every run. The sets
 * are only read, never changed, so sharing them changes nothing.
 */
export function jobSplit(set: ImageSet, holdout: number, seed: number): JobSplit {
  const last = lastSplits.get(set)
  if (last && last.holdout === holdout && last.seed === seed) return last.split
  const { keep, holdout: held } = stratifiedHoldout(set.labels, holdout, seed)
  const split = { train: gatherImageSet(set, keep), validation: held.length > 0 ? gatherImageSet(set, held) : null }
  lastSplits.set(set, { holdout, seed, split })
  return split
}
