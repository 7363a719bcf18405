import { MAX_CLASSES } from '../../../shared/classNames'
import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'
import { DatasetError, byteOffset } from './errors'
import { formatSizeLimit } from '../../../shared/format'
import type { ContentInfo, ContentSink } from './readContent'

/** The payload of an IDX file: count items, each itemBytes long (784 for images, 1 for labels). */
export interface IdxContent {
  count: number
  data: Uint8Array
}

interface IdxLayout {
  noun: 'images' | 'labels'
  /** Magic (4 bytes) + one 4-byte big-endian size per dimension. */
  headerBytes: number
  itemBytes: number
}

const IMAGES: IdxLayout = { noun: 'images', headerBytes: 16, itemBytes: PIXELS }
const LABELS: IdxLayout = { noun: 'labels', headerBytes: 8, itemBytes: 1 }

export function createIdxImagesSink(info: ContentInfo): ContentSink<IdxContent> {
  return new IdxSink(IMAGES, info)
}

export function createIdxLabelsSink(info: ContentInfo): ContentSink<IdxContent> {
  return new IdxSink(LABELS, info)
}

/**
 * Parses an IDX file whose magic detectContent() has already checked. The header's claims are
 * checked against the file size (raw) or the size limit (gzip) before the output is allocated; gzip
 * content is kept as received until its real length is known, so a lying header costs nothing.
 */
class IdxSink implements ContentSink<IdxContent> {
  private readonly header: Uint8Array
  private headerFill = 0
  private count = -1
  private expected = 0
  private received = 0
  private out: Uint8Array | null = null
  private readonly pending: Uint8Array[] = []

  constructor(
    private readonly layout: IdxLayout,
    private readonly info: ContentInfo
  ) {
    this.header = new Uint8Array(layout.headerBytes)
  }

  write(chunk: Uint8Array): void {
    let offset = 0
    if (this.count < 0) {
      offset = Math.min(this.layout.headerBytes - this.headerFill, chunk.length)
      this.header.set(chunk.subarray(0, offset), this.headerFill)
      this.headerFill += offset
      if (this.headerFill < this.layout.headerBytes) return
      this.startData()
    }
    if (offset >= chunk.length) return
    const data = chunk.subarray(offset)
    if (this.received + data.length > this.expected) {
      throw this.error(
        this.layout.headerBytes + this.expected,
        `more data than the ${this.count} ${this.layout.noun} the header declares`
      )
    }
    if (this.out) this.out.set(data, this.received)
    else this.pending.push(data)
    this.received += data.length
  }

  end(): IdxContent {
    const { headerBytes, noun } = this.layout
    if (this.count < 0) {
      throw this.error(this.headerFill, `file ends inside the ${headerBytes}-byte IDX ${noun} header`)
    }
    if (this.received < this.expected) throw this.shortError(this.received)
    const data = this.out ?? concat(this.pending, this.expected)
    if (noun === 'labels') checkLabels(data, (i, v) => this.error(headerBytes + i, `label ${v} outside 0..${MAX_CLASSES - 1} (at most ${MAX_CLASSES} classes)`))
    return { count: this.count, data }
  }

  private startData(): void {
    const { headerBytes, itemBytes, noun } = this.layout
    const view = new DataView(this.header.buffer, this.header.byteOffset, this.header.byteLength)
    const count = view.getUint32(4)
    if (noun === 'images') {
      const rows = view.getUint32(8)
      const cols = view.getUint32(12)
      if (rows !== IMAGE_SIDE || cols !== IMAGE_SIDE) {
        throw this.error(8, `images are ${rows}x${cols} pixels; only ${IMAGE_SIDE}x${IMAGE_SIDE} is supported`)
      }
    }
    if (count === 0) throw this.error(4, `header declares 0 ${noun}`)
    this.count = count
    this.expected = count * itemBytes
    const total = headerBytes + this.expected
    if (this.info.contentBytes !== null) {
      if (total > this.info.contentBytes) throw this.shortError(this.info.contentBytes - headerBytes)
      if (total < this.info.contentBytes) {
        throw this.error(total, `${this.info.contentBytes - total} bytes after the ${count} ${noun} the header declares`)
      }
      this.out = new Uint8Array(this.expected)
    } else if (total > this.info.maxContentBytes) {
      throw this.error(
        4,
        `header claims ${count} ${noun} (${total} bytes), more than the decompressed size limit of ${formatSizeLimit(this.info.maxContentBytes)}`
      )
    }
  }

  private shortError(available: number): DatasetError {
    return this.error(
      4,
      `header claims ${this.count} ${this.layout.noun} (${this.expected} bytes of data) but the file holds only ${available} bytes after the header`
    )
  }

  private error(offset: number, problem: string): DatasetError {
    return DatasetError.at(this.info.file, byteOffset(offset, this.info.compressed), problem)
  }
}

function checkLabels(labels: Uint8Array, fail: (index: number, value: number) => DatasetError): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= MAX_CLASSES) throw fail(i, labels[i])
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
