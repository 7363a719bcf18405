/**
 * What a dropped file is, read from its first bytes: a still PNG, JPEG, GIF or WebP image, or a
 * one-line reason it cannot be tried (not an image, too large, animated). Nothing is decoded here.
 */

/** Larger files are refused before they are read. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024

export type ImageKind = 'PNG' | 'JPEG' | 'GIF' | 'WebP'

export type ImageCheck = { ok: true; kind: ImageKind } | { ok: false; problem: string }

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length))
}

function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3]
}

/** APNG: an acTL chunk before the first IDAT. */
function pngAnimated(bytes: Uint8Array): boolean {
  let at = 8
  while (at + 8 <= bytes.length) {
    const type = ascii(bytes, at + 4, 4)
    if (type === 'acTL') return true
    if (type === 'IDAT' || type === 'IEND') return false
    at += 12 + u32be(bytes, at)
  }
  return false
}

/** A GIF with more than one image block. Walks the blocks; a truncated file counts what it holds. */
function gifFrames(bytes: Uint8Array): number {
  let at = 13
  if (bytes[10] & 0x80) at += 3 * 2 ** ((bytes[10] & 0x07) + 1)
  let frames = 0
  const skipSubBlocks = (): void => {
    while (at < bytes.length && bytes[at] !== 0) at += bytes[at] + 1
    at += 1
  }
  while (at < bytes.length) {
    const block = bytes[at]
    if (block === 0x3b) break
    if (block === 0x21) {
      at += 2
      skipSubBlocks()
    } else if (block === 0x2c) {
      frames += 1
      if (frames > 1) return frames
      const flags = bytes[at + 9]
      at += 10
      if (flags & 0x80) at += 3 * 2 ** ((flags & 0x07) + 1)
      at += 1
      skipSubBlocks()
    } else break
  }
  return frames
}

/** Animated WebP: the VP8X header's animation flag, or an ANIM chunk. */
function webpAnimated(bytes: Uint8Array): boolean {
  let at = 12
  while (at + 8 <= bytes.length) {
    const type = ascii(bytes, at, 4)
    if (type === 'ANIM' || type === 'ANMF') return true
    if (type === 'VP8X' && bytes[at + 8] & 0x02) return true
    const size = bytes[at + 4] + (bytes[at + 5] << 8) + (bytes[at + 6] << 16) + ((bytes[at + 7] << 24) >>> 0)
    at += 8 + size + (size % 2)
  }
  return false
}

/** Checks a dropped file's name, size and bytes; `bytes` may be only its start for the size check alone. */
export function checkImageFile(name: string, size: number, bytes: Uint8Array): ImageCheck {
  if (size > MAX_IMAGE_BYTES) return { ok: false, problem: `${name} is ${(size / 1024 / 1024).toFixed(1)} MB; images up to 20 MB can be tried` }
  let kind: ImageKind | null = null
  if (bytes.length >= 8 && u32be(bytes, 0) === 0x89504e47 && u32be(bytes, 4) === 0x0d0a1a0a) kind = 'PNG'
  else if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) kind = 'JPEG'
  else if (bytes.length >= 13 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) kind = 'GIF'
  else if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') kind = 'WebP'
  if (kind === null) return { ok: false, problem: `${name} is not a PNG, JPEG, GIF or WebP image` }
  const animated = kind === 'PNG' ? pngAnimated(bytes) : kind === 'GIF' ? gifFrames(bytes) > 1 : kind === 'WebP' ? webpAnimated(bytes) : false
  if (animated) return { ok: false, problem: `${name} is an animated ${kind === 'PNG' ? 'PNG (APNG)' : kind}; drop a still image` }
  return { ok: true, kind }
}
