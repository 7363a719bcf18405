import { basename } from 'node:path'
import type { SplitName } from '../../../shared/dataset'

/** The split a file name points to ('train', or 't10k' / 'test'), null when it says neither or both. */
export function splitHint(file: string): SplitName | null {
  const name = basename(file).toLowerCase()
  const train = name.includes('train')
  const test = name.includes('t10k') || name.includes('test')
  if (train === test) return null
  return train ? 'train' : 'test'
}

/** The split all of a set's file names agree on, null if none or they disagree. */
export function setHint(files: string[]): SplitName | null {
  const hints = new Set(files.map(splitHint).filter((h) => h !== null))
  return hints.size === 1 ? [...hints][0] : null
}
