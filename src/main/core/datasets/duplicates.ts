/** Finds images that occur more than once (byte-identical pixels) in a set. */
import { PIXELS } from '../../../shared/dataset'
import type { ImageSet } from './types'

const WORDS = PIXELS / 4

/** Flags (1) every example whose 784 pixels are byte-identical to another example's in the set. */
export function findDuplicatedRows(set: ImageSet): Uint8Array {
  // Hashing 32-bit words is about 4x faster than bytes; copy only when the view is unaligned.
  const aligned = set.images.byteOffset % 4 === 0 ? set.images : set.images.slice()
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, set.count * WORDS)
  const hashes = new Uint32Array(set.count)
  for (let i = 0; i < set.count; i++) {
    let h = 0x811c9dc5
    for (let w = i * WORDS, end = w + WORDS; w < end; w++) {
      h = Math.imul(h ^ words[w], 0x01000193)
      h ^= h >>> 15 // fold high bits down so every pixel reaches every hash bit
    }
    hashes[i] = h
  }

  // Sorting the hashes finds the few shared ones far faster than a map over every row.
  const sorted = hashes.slice().sort()
  const shared = new Set<number>()
  for (let k = 1; k < sorted.length; k++) if (sorted[k] === sorted[k - 1]) shared.add(sorted[k])

  const sameRow = (a: number, b: number): boolean => {
    for (let w = 0; w < WORDS; w++) if (words[a * WORDS + w] !== words[b * WORDS + w]) return false
    return true
  }
  const flags = new Uint8Array(set.count)
  // Distinct images per shared hash: equal hashes of different images are not duplicates.
  const distinctByHash = new Map<number, number[]>()
  for (let i = 0; i < set.count; i++) {
    if (!shared.has(hashes[i])) continue
    const seen = distinctByHash.get(hashes[i]) ?? []
    const twin = seen.find((j) => sameRow(i, j))
    if (twin === undefined) distinctByHash.set(hashes[i], [...seen, i])
    else flags[i] = flags[twin] = 1
  }
  return flags
}
