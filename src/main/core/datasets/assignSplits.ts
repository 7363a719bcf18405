import { plural } from '../../../shared/format'
import { DatasetError } from './errors'
import type { LoadedSet } from './pairFiles'
import { setHint } from './splitHint'

export interface SplitSets {
  train: LoadedSet
  test: LoadedSet
}

export function describeSet(s: LoadedSet): string {
  return `${s.files.join(' + ')}, ${plural(s.set.count, 'image')}`
}

/**
 * Decides which set is train and which is test: file names first (train / t10k / test), and when
 * they do not settle it, the larger set is train.
 */
export function assignSplits(sets: LoadedSet[]): SplitSets {
  if (sets.length === 1) throw missingSplit(sets[0])
  if (sets.length !== 2) {
    throw new DatasetError(
      `found ${sets.length} sets (${sets.map((s) => `[${describeSet(s)}]`).join(', ')}); expected two: one train and one test`
    )
  }
  const [a, b] = sets
  const ha = setHint(a.files)
  const hb = setHint(b.files)
  if (ha !== null && ha !== hb) return ha === 'train' ? { train: a, test: b } : { train: b, test: a }
  if (hb !== null && ha === null) return hb === 'train' ? { train: b, test: a } : { train: a, test: b }
  if (a.set.count !== b.set.count) return a.set.count > b.set.count ? { train: a, test: b } : { train: b, test: a }
  throw new DatasetError(
    `cannot tell train from test: [${describeSet(a)}] and [${describeSet(b)}] are the same size and their names do not say; put "train" in one name and "test" in the other`
  )
}

function missingSplit(found: LoadedSet): DatasetError {
  const hint = setHint(found.files)
  const problem =
    hint === null
      ? `a train and a test set are needed, but only one set was found [${describeSet(found)}] and its name does not say which split it is`
      : `the ${hint === 'train' ? 'test' : 'train'} set is missing: only a ${hint} set was found [${describeSet(found)}]`
  return new DatasetError(
    `${problem}; add the other split (an IDX images + labels pair or a CSV file)`,
    { found: found.files }
  )
}
