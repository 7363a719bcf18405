import { DatasetError, byteOffset } from './errors'

export type ContentKind = 'idx-images' | 'idx-labels' | 'csv'

export const IDX_IMAGES_MAGIC = 0x00000803
export const IDX_LABELS_MAGIC = 0x00000801

/**
 * Tells IDX images, IDX labels and CSV apart by their first content bytes (after any gzip layer):
 * IDX starts with two zero bytes, CSV with a digit, a letter or a quote (after an optional UTF-8 BOM).
 */
export function detectContent(head: Uint8Array, file: string, compressed: boolean): ContentKind {
  if (head[0] === 0) return idxKind(head, file, compressed)
  const start = hasBom(head) ? 3 : 0
  const first = head[start]
  if (first !== undefined && (isDigit(first) || isLetter(first) || first === 0x22)) return 'csv'
  const shown = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
  throw DatasetError.at(
    file,
    byteOffset(0, compressed),
    `unrecognised content (starts with ${shown}): expected gzip (1f 8b), IDX (magic 0x00000803 images, 0x00000801 labels) or CSV (label,pixel1..pixel784)`
  )
}

export function hasBom(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf
}

function idxKind(head: Uint8Array, file: string, compressed: boolean): ContentKind {
  if (head.length < 4) {
    throw DatasetError.at(file, byteOffset(head.length, compressed), 'file ends inside the 4-byte IDX magic number')
  }
  const magic = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0
  if (magic === IDX_IMAGES_MAGIC) return 'idx-images'
  if (magic === IDX_LABELS_MAGIC) return 'idx-labels'
  throw DatasetError.at(
    file,
    byteOffset(0, compressed),
    `wrong magic number 0x${magic.toString(16).padStart(8, '0')} (expected 0x00000803 for images or 0x00000801 for labels, unsigned bytes)`
  )
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39
}

function isLetter(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
}
