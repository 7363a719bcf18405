import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './detect'
import type { ImageSet } from './types'

/** IDX images file (magic 0x00000803, count, 28, 28, then the pixels), uncompressed. */
export function encodeIdxImages(images: Uint8Array, count: number): Buffer {
  if (images.length !== count * PIXELS) {
    throw new RangeError(`encodeIdxImages: ${images.length} bytes is not ${count} images of ${PIXELS} pixels`)
  }
  const out = Buffer.allocUnsafe(16 + images.length)
  out.writeUInt32BE(IDX_IMAGES_MAGIC, 0)
  out.writeUInt32BE(count, 4)
  out.writeUInt32BE(IMAGE_SIDE, 8)
  out.writeUInt32BE(IMAGE_SIDE, 12)
  out.set(images, 16)
  return out
}

/** IDX labels file (magic 0x00000801, count, then one byte per label), uncompressed. */
export function encodeIdxLabels(labels: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(8 + labels.length)
  out.writeUInt32BE(IDX_LABELS_MAGIC, 0)
  out.writeUInt32BE(labels.length, 4)
  out.set(labels, 8)
  return out
}

/** Kaggle-style CSV: `label,pixel1..pixel784` header (by default), then one row per image. */
export function encodeCsv(set: ImageSet, opts: { header?: boolean; crlf?: boolean } = {}): Buffer {
  const eol = opts.crlf ? '\r\n' : '\n'
  const header = opts.header === false ? '' : `label,${Array.from({ length: PIXELS }, (_, i) => `pixel${i + 1}`).join(',')}${eol}`
  // Worst case per row: 785 values of 3 digits, 784 commas and the line end.
  const out = Buffer.allocUnsafe(header.length + set.count * ((PIXELS + 1) * 4 + eol.length))
  let at = out.write(header, 0, 'latin1')
  for (let r = 0; r < set.count; r++) {
    at = writeDecimal(out, at, set.labels[r])
    const base = r * PIXELS
    for (let p = 0; p < PIXELS; p++) {
      out[at++] = 0x2c
      at = writeDecimal(out, at, set.images[base + p])
    }
    at += out.write(eol, at, 'latin1')
  }
  return out.subarray(0, at)
}

/** Writes 0..255 as ASCII digits at `at`; returns the index after them. */
function writeDecimal(out: Buffer, at: number, v: number): number {
  if (v >= 100) out[at++] = 0x30 + Math.floor(v / 100)
  if (v >= 10) out[at++] = 0x30 + (Math.floor(v / 10) % 10)
  out[at++] = 0x30 + (v % 10)
  return at
}
