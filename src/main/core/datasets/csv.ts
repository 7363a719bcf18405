import { NUM_CLASSES, PIXELS } from '../../../shared/dataset'
import { hasBom } from './detect'
import { DatasetError } from './errors'
import type { ContentInfo, ContentSink } from './readContent'

export interface CsvContent {
  count: number
  images: Uint8Array
  labels: Uint8Array
}

/** label + 784 pixels */
const COLUMNS = PIXELS + 1
/** The shortest possible row: 785 one-digit values and 784 commas (plus a newline, except the last). */
const MIN_ROW_BYTES = 2 * COLUMNS - 1
/** Starting row capacity when the content length is unknown (gzip). */
const INITIAL_ROWS = 4096
/** Longest field text quoted in an error message. */
const MAX_TOKEN = 24

const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

export function createCsvSink(info: ContentInfo): ContentSink<CsvContent> {
  return new CsvSink(info)
}

/**
 * Kaggle-style CSV (`label,pixel1..pixel784`, header optional) parsed byte by byte as chunks arrive:
 * no strings are built except for error messages, and memory beyond the output arrays is constant.
 */
class CsvSink implements ContentSink<CsvContent> {
  private images: Uint8Array
  private labels: Uint8Array
  private rows = 0
  private line = 1
  private col = 0
  private value = 0
  private digits = 0
  private started = false
  private inHeader = false
  private headerCommas = 0
  /** A CR ended the previous chunk; the next byte must be LF. */
  private pendingCR = false
  /** First empty line after the last row (0 if none); only trailing empty lines are allowed. */
  private blankLine = 0
  /** Start of the current field carried over from the previous chunk, for error messages. */
  private carried = ''

  constructor(private readonly info: ContentInfo) {
    const rows = info.contentBytes === null ? INITIAL_ROWS : Math.floor(info.contentBytes / MIN_ROW_BYTES) + 1
    this.images = new Uint8Array(rows * PIXELS)
    this.labels = new Uint8Array(rows)
  }

  write(chunk: Uint8Array): void {
    let i = 0
    const n = chunk.length
    if (!this.started) {
      this.started = true
      if (hasBom(chunk)) i = 3
      // detectContent() let through only a digit, a letter or a quote here: anything but a digit starts a header.
      this.inHeader = i < n && !(chunk[i] >= 0x30 && chunk[i] <= 0x39)
    }
    if (this.pendingCR && i < n) {
      this.pendingCR = false
      if (chunk[i] !== LF) throw this.strayCR()
      i++
    }
    if (this.inHeader) {
      i = this.scanHeader(chunk, i)
      if (this.inHeader) return
    }

    let value = this.value
    let digits = this.digits
    let col = this.col
    let row = this.rows
    let images = this.images
    let labels = this.labels
    let base = row * PIXELS - 1
    let fieldStart = digits > 0 ? -1 : i
    for (; i < n; i++) {
      const c = chunk[i]
      if (c >= 0x30 && c <= 0x39) {
        value = value * 10 + (c - 0x30)
        digits++
        continue
      }
      if (c === COMMA) {
        if (digits === 0) throw this.fieldError(chunk, fieldStart, i, col, 'empty value')
        if (col === 0) {
          if (this.blankLine !== 0) throw this.blankLineError()
          if (value >= NUM_CLASSES) throw this.rangeError(chunk, fieldStart, i, col)
          if (row === labels.length) {
            this.grow()
            images = this.images
            labels = this.labels
          }
          labels[row] = value
        } else {
          if (value > 255) throw this.rangeError(chunk, fieldStart, i, col)
          images[base + col] = value
        }
        col++
        if (col === COLUMNS) {
          throw this.at(col + 1, `row has more than ${COLUMNS} columns (label + ${PIXELS} pixels)`)
        }
        value = 0
        digits = 0
        fieldStart = i + 1
        continue
      }
      if (c === LF || c === CR) {
        if (c === CR && i + 1 < n && chunk[i + 1] !== LF) {
          throw this.at(col + 1, 'carriage return not followed by a line feed')
        }
        if (col === 0 && digits === 0) {
          if (this.blankLine === 0) this.blankLine = this.line
        } else {
          if (this.blankLine !== 0) throw this.blankLineError()
          if (digits === 0) throw this.fieldError(chunk, fieldStart, i, col, 'empty value')
          if (col !== COLUMNS - 1) {
            throw this.at(col + 1, `row has only ${col + 1} columns, expected ${COLUMNS} (label + ${PIXELS} pixels)`)
          }
          if (value > 255) throw this.rangeError(chunk, fieldStart, i, col)
          images[base + col] = value
          row++
          this.rows = row
          base += PIXELS
          col = 0
          value = 0
          digits = 0
        }
        // CRLF: skip the LF now, or check it at the start of the next chunk.
        if (c === CR) {
          if (i + 1 === n) this.pendingCR = true
          else i++
        }
        this.line++
        fieldStart = i + 1
        continue
      }
      throw this.badChar(chunk, fieldStart, i, col)
    }
    this.value = value
    this.digits = digits
    this.col = col
    this.rows = row
    this.carried = digits > 0 ? this.fieldText(chunk, fieldStart, n) : ''
  }

  end(): CsvContent {
    // A missing final newline is the same as one.
    if (this.inHeader || this.col > 0 || this.digits > 0) this.write(Uint8Array.of(LF))
    if (this.rows === 0) throw DatasetError.at(this.info.file, `line ${this.line}`, 'no data rows')
    const count = this.rows
    const images = this.images.length === count * PIXELS ? this.images : this.images.slice(0, count * PIXELS)
    const labels = this.labels.length === count ? this.labels : this.labels.slice(0, count)
    return { count, images, labels }
  }

  /** Skips the header line, counting its columns; returns the index after it. */
  private scanHeader(chunk: Uint8Array, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]
      if (c === COMMA) this.headerCommas++
      else if (c === LF) {
        if (this.headerCommas !== COLUMNS - 1) {
          throw this.at(
            1,
            `header has ${this.headerCommas + 1} columns, expected ${COLUMNS} (label, pixel1..pixel${PIXELS})`
          )
        }
        this.inHeader = false
        this.line++
        return i + 1
      }
    }
    return chunk.length
  }

  private grow(): void {
    const rows = this.labels.length * 2
    const images = new Uint8Array(rows * PIXELS)
    images.set(this.images)
    const labels = new Uint8Array(rows)
    labels.set(this.labels)
    this.images = images
    this.labels = labels
  }

  private rangeError(chunk: Uint8Array, fieldStart: number, end: number, col: number): DatasetError {
    const text = this.fieldText(chunk, fieldStart, end)
    return col === 0
      ? this.at(1, `label ${text} outside 0..${NUM_CLASSES - 1}`)
      : this.at(col + 1, `pixel ${text} outside 0..255`)
  }

  private badChar(chunk: Uint8Array, fieldStart: number, at: number, col: number): DatasetError {
    let end = at
    while (end < chunk.length && end - at < MAX_TOKEN && !isDelimiter(chunk[end])) end++
    const text = this.fieldText(chunk, fieldStart, end)
    if (/^-\d+$/.test(text)) return this.rangeError(chunk, fieldStart, end, col)
    const what = col === 0 ? 'label' : 'pixel'
    return this.at(col + 1, `${what} ${JSON.stringify(text)} is not an integer`)
  }

  private fieldError(chunk: Uint8Array, fieldStart: number, end: number, col: number, problem: string): DatasetError {
    const text = this.fieldText(chunk, fieldStart, end)
    return this.at(col + 1, text === '' ? problem : `${problem} ${JSON.stringify(text)}`)
  }

  private fieldText(chunk: Uint8Array, fieldStart: number, end: number): string {
    const own = latin1(chunk, Math.max(fieldStart, 0), end)
    return (fieldStart < 0 ? this.carried + own : own).slice(0, MAX_TOKEN)
  }

  private blankLineError(): DatasetError {
    return DatasetError.at(this.info.file, `line ${this.blankLine}`, 'empty line between data rows')
  }

  /** A CR that ended a chunk already closed its line, so the line at fault is the previous one. */
  private strayCR(): DatasetError {
    return DatasetError.at(this.info.file, `line ${this.line - 1}`, 'carriage return not followed by a line feed')
  }

  private at(column: number, problem: string): DatasetError {
    return DatasetError.at(this.info.file, `line ${this.line}, column ${column}`, problem)
  }
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR
}

function latin1(chunk: Uint8Array, from: number, to: number): string {
  return Buffer.from(chunk.buffer, chunk.byteOffset + from, Math.max(0, to - from)).toString('latin1')
}
