import { DatasetError, byteOffset } from './errors'

export type ContentKind = 'idx-images' | 'idx-labels' | 'csv'

export const IDX_IMAGES_MAGIC = 0x00000803
export const IDX_LABELS_MAGIC = 0x00000801

/**
 * Leading content bytes detectContent() examines: the 4-byte IDX magic, and enough text to tell a CSV
 * from binary data that merely starts with printable bytes. Well within the first chunk read.
 */
export const DETECT_BYTES = 64 * 1024

const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const DEL = 0x7f

/**
 * Tells IDX images, IDX labels and CSV apart by their first content bytes (after any gzip layer):
 * IDX starts with two zero bytes, CSV with a digit, a letter or a quote (after an optional UTF-8 BOM)
 * and a first line of text.
 */
export function detectContent(head: Uint8Array, file: string, compressed: boolean): ContentKind {
  const other = otherFormat(head)
  if (other) throw DatasetError.at(file, byteOffset(0, compressed), other)
  if (head[0] === 0) return idxKind(head, file, compressed)
  const start = hasBom(head) ? 3 : 0
  const first = head[start]
  if (first !== undefined && (isDigit(first) || isLetter(first) || first === 0x22) && isText(head)) return 'csv'
  const shown = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
  throw DatasetError.at(
    file,
    byteOffset(0, compressed),
    `unrecognised content (starts with ${shown}): expected gzip (1f 8b), IDX (magic 0x00000803 images, 0x00000801 labels) or CSV (label,pixel1..pixel784)`
  )
}

/**
 * Files people drop by mistake, told by their magic bytes, so the message says what the file is
 * (a ZIP would otherwise pass for a CSV header starting with "PK", a PNG for unknown bytes).
 */
const OTHER_FORMATS: { magic: number[]; problem: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], problem: 'a ZIP archive, not a dataset file: extract the IDX or CSV files from it first' },
  { magic: [0x50, 0x4b, 0x05, 0x06], problem: 'an empty ZIP archive, not a dataset file' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], problem: 'a 7z archive, not a dataset file: extract the IDX or CSV files from it first' },
  { magic: [0x52, 0x61, 0x72, 0x21], problem: 'a RAR archive, not a dataset file: extract the IDX or CSV files from it first' },
  { magic: [0x42, 0x5a, 0x68], problem: 'bzip2 data, which is not supported: decompress it, or compress it with gzip instead' },
  { magic: [0xfd, 0x37, 0x7a, 0x58], problem: 'xz data, which is not supported: decompress it, or compress it with gzip instead' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], problem: 'zstd data, which is not supported: decompress it, or compress it with gzip instead' },
  { magic: [0x1f, 0x8b], problem: 'gzip data inside gzip: decompress the file once first' },
  { magic: [0x89, 0x50, 0x4e, 0x47], problem: 'a PNG image, not a dataset file: the studio reads IDX (.gz or raw) or CSV (label,pixel1..pixel784) files' },
  { magic: [0xff, 0xd8, 0xff], problem: 'a JPEG image, not a dataset file: the studio reads IDX (.gz or raw) or CSV (label,pixel1..pixel784) files' },
  { magic: [0x47, 0x49, 0x46, 0x38], problem: 'a GIF image, not a dataset file: the studio reads IDX (.gz or raw) or CSV (label,pixel1..pixel784) files' },
  { magic: [0x25, 0x50, 0x44, 0x46], problem: 'a PDF document, not a dataset file' },
  { magic: [0x93, 0x4e, 0x55, 0x4d], problem: 'a NumPy .npy array, which is not supported: save it as CSV (label,pixel1..pixel784) or IDX' }
]

function otherFormat(head: Uint8Array): string | null {
  const match = OTHER_FORMATS.find(({ magic }) => head.length >= magic.length && magic.every((b, i) => head[i] === b))
  return match ? `this is ${match.problem}` : null
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

/**
 * The first line (within DETECT_BYTES) has no control bytes but tab and CR, and is valid UTF-8 (a
 * sequence cut by the end of the sample is fine): otherwise binary data would reach the CSV parser
 * and get a misleading line-1 error. Random bytes almost never run a line without one; a real CSV
 * with a bad byte further down gets the parser's error naming its line and column.
 */
function isText(head: Uint8Array): boolean {
  const examined = head.subarray(0, DETECT_BYTES)
  const lineEnd = examined.indexOf(LF)
  const sample = lineEnd === -1 ? examined : examined.subarray(0, lineEnd)
  for (const b of sample) {
    if ((b < 0x20 && b !== TAB && b !== LF && b !== CR) || b === DEL) return false
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true })
    return true
  } catch {
    return false
  }
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39
}

function isLetter(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)
}
