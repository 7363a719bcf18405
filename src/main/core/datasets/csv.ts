import { MAX_CLASSES } from '../../../shared/classNames'
import { PIXELS } from '../../../shared/dataset'
import { plural } from '../../../shared/format'
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
/** The header is about 7.7 KB; a first line far longer is binary or some other text, not this CSV. */
const MAX_HEADER_BYTES = 64 * 1024
/** BOM (3 bytes) + an opening quote + one more byte decide whether line 1 is a header. */
const START_BYTES = 5

const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const MINUS = 0x2d

export function createCsvSink(info: ContentInfo): ContentSink<CsvContent> {
  return new CsvSink(info)
}

/**
 * Kaggle-style CSV (`label,pixel1..pixel784`, header optional) parsed byte by byte as chunks arrive:
 * no strings are built except for header names and error messages, and memory beyond the output
 * arrays is constant. A header must name column 1 "label"; pixel column names are not checked, as
 * other tools name them differently.
 * What other tools write is read the way a spreadsheet would: an optional UTF-8 BOM, LF or CRLF line
 * ends, values in double quotes (`"5"` is 5; a comma or line end inside quotes is an error), and one
 * empty field after the last column of a line (a trailing comma) ignored, in the header and the rows.
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
  private headerBytes = 0
  /** The last header byte that is not a CR, to tell a trailing comma. */
  private headerLast = 0
  /** Bytes of the header name being read, decoded when it ends since a name may span chunks. */
  private headerName: number[] = []
  /** The name of header column 1. */
  private firstName = ''
  /** The first later header column also named "label" (0 if none). */
  private laterLabel = 0
  /** The first bytes, held until there are enough to tell whether line 1 is a header. */
  private startBytes: Uint8Array | null = null
  /** A CR ended the previous chunk; the next byte must be LF. */
  private pendingCR = false
  /** A closing quote ended the previous chunk; the next byte must end the field. */
  private pendingQuoteEnd = false
  /** Inside a quoted value. */
  private inQuotes = false
  /** The current value started with a minus sign. */
  private negative = false
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
    if (this.started) return this.parse(chunk, 0)
    const head = this.startBytes ? concatBytes(this.startBytes, chunk) : chunk
    if (head.length < START_BYTES) {
      this.startBytes = head
      return
    }
    this.parse(head, this.start(head))
  }

  end(): CsvContent {
    // A missing final newline is the same as one.
    if (!this.started) {
      const head = concatBytes(this.startBytes ?? new Uint8Array(0), Uint8Array.of(LF))
      this.parse(head, this.start(head))
    } else if (this.inHeader || this.col > 0 || this.digits > 0 || this.inQuotes) {
      this.parse(Uint8Array.of(LF), 0)
    }
    if (this.rows === 0) throw DatasetError.at(this.info.file, `line ${this.line}`, 'no data rows')
    const count = this.rows
    const images = this.images.length === count * PIXELS ? this.images : this.images.slice(0, count * PIXELS)
    const labels = this.labels.length === count ? this.labels : this.labels.slice(0, count)
    return { count, images, labels }
  }

  private parse(chunk: Uint8Array, from: number): void {
    let i = from
    const n = chunk.length
    if (this.pendingCR && i < n) {
      // The line end waits for its LF, which the loop below then handles like any LF.
      this.pendingCR = false
      if (chunk[i] !== LF) throw this.at(this.col + 1, 'carriage return not followed by a line feed')
    }
    if (this.pendingQuoteEnd && i < n) {
      this.pendingQuoteEnd = false
      if (!isDelimiter(chunk[i])) throw this.afterQuoteError(chunk, i, i, this.col)
    }
    if (this.inHeader) {
      i = this.scanHeader(chunk, i)
      if (this.inHeader) return
    }

    let value = this.value
    let digits = this.digits
    let inQuotes = this.inQuotes
    let negative = this.negative
    let col = this.col
    let row = this.rows
    let images = this.images
    let labels = this.labels
    let base = row * PIXELS - 1
    let fieldStart = digits > 0 || inQuotes || negative ? -1 : i
    for (; i < n; i++) {
      const c = chunk[i]
      if (c >= 0x30 && c <= 0x39) {
        value = value * 10 + (c - 0x30)
        digits++
        continue
      }
      if (c === COMMA) {
        if (inQuotes) throw this.at(col + 1, 'comma inside a quoted value')
        if (col === COLUMNS) throw this.tooManyColumns(col + 2)
        if (negative) throw this.negativeError(chunk, fieldStart, i, col, digits)
        if (digits === 0) throw this.fieldError(chunk, fieldStart, i, col, 'empty value')
        if (col === 0) {
          if (this.blankLine !== 0) throw this.blankLineError()
          if (value >= MAX_CLASSES) throw this.rangeError(chunk, fieldStart, i, col)
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
        // col === COLUMNS now opens the field after the last column: it must stay empty.
        col++
        value = 0
        digits = 0
        fieldStart = i + 1
        continue
      }
      if (c === LF || c === CR) {
        const end = i
        if (c === CR) {
          // CRLF: the LF ends the line. A CR that ends the chunk waits for the next one.
          if (i + 1 === n) {
            this.pendingCR = true
            break
          }
          if (chunk[i + 1] !== LF) throw this.at(col + 1, 'carriage return not followed by a line feed')
          i++
        }
        if (inQuotes) throw this.at(col + 1, 'quoted value not closed before the end of the line')
        if (negative) throw this.negativeError(chunk, fieldStart, end, col, digits)
        if (col === 0 && digits === 0) {
          if (this.blankLine === 0) this.blankLine = this.line
        } else {
          if (this.blankLine !== 0) throw this.blankLineError()
          if (col === COLUMNS) {
            // A trailing comma: the last pixel was stored at it.
            if (digits > 0) throw this.tooManyColumns(col + 1)
          } else {
            if (digits === 0) throw this.fieldError(chunk, fieldStart, end, col, 'empty value')
            if (col !== COLUMNS - 1) {
              throw this.at(col + 1, `row has only ${plural(col + 1, 'column')}, expected ${COLUMNS} (label + ${PIXELS} pixels)`)
            }
            if (value > 255) throw this.rangeError(chunk, fieldStart, end, col)
            images[base + col] = value
          }
          row++
          this.rows = row
          base += PIXELS
          col = 0
          value = 0
          digits = 0
        }
        this.line++
        fieldStart = i + 1
        continue
      }
      if (c === QUOTE) {
        if (inQuotes) {
          inQuotes = false
          if (i + 1 === n) this.pendingQuoteEnd = true
          else if (!isDelimiter(chunk[i + 1])) throw this.afterQuoteError(chunk, fieldStart, i + 1, col)
          continue
        }
        if (digits === 0 && !negative && i === fieldStart) {
          inQuotes = true
          continue
        }
      }
      // A sign before the digits: any negative number is out of range, said once the number ends.
      if (c === MINUS && digits === 0 && !negative) {
        negative = true
        continue
      }
      throw this.badChar(chunk, fieldStart, i, col)
    }
    this.value = value
    this.digits = digits
    this.inQuotes = inQuotes
    this.negative = negative
    this.col = col
    this.rows = row
    const stop = this.pendingCR ? n - 1 : n
    this.carried = digits > 0 || inQuotes || negative ? this.fieldText(chunk, fieldStart, stop) : ''
  }

  /**
   * Skips a BOM and decides whether line 1 is a header: data rows start with a digit, or a quote and
   * a digit (detectContent() let through only a digit, a letter or a quote). Returns where to go on.
   */
  private start(chunk: Uint8Array): number {
    this.started = true
    this.startBytes = null
    const i = hasBom(chunk) ? 3 : 0
    const first = chunk[i]
    this.inHeader = i < chunk.length && !(isDigit(first) || (first === QUOTE && isDigit(chunk[i + 1])))
    return i
  }

  /** Skips the header line, counting its columns and checking its names; returns the index after it. */
  private scanHeader(chunk: Uint8Array, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]
      if (++this.headerBytes > MAX_HEADER_BYTES) {
        throw this.at(1, `line 1 is longer than ${MAX_HEADER_BYTES / 1024} KiB: not a header (label,pixel1..pixel${PIXELS}) nor a data row`)
      }
      if (c === COMMA) {
        this.endHeaderName()
        this.headerCommas++
      } else if (c === LF) {
        this.endHeaderName()
        const columns = this.headerLast === COMMA ? this.headerCommas : this.headerCommas + 1
        if (columns !== COLUMNS) {
          throw this.at(1, `header has ${plural(columns, 'column')}, expected ${COLUMNS} (label, pixel1..pixel${PIXELS})`)
        }
        this.checkLabelColumn()
        this.inHeader = false
        this.line++
        return i + 1
      } else {
        this.headerName.push(c)
      }
      if (c !== CR) this.headerLast = c
    }
    return chunk.length
  }

  /** Keeps what checkLabelColumn() needs from the header name that just ended. */
  private endHeaderName(): void {
    const name = unquote(Buffer.from(this.headerName).toString('utf8').trim())
    this.headerName = []
    if (this.headerCommas === 0) this.firstName = name
    else if (this.laterLabel === 0 && isLabel(name)) this.laterLabel = this.headerCommas + 1
  }

  /** With the label in another column, every row would import with a wrong class. */
  private checkLabelColumn(): void {
    if (!isLabel(this.firstName)) {
      const where = this.laterLabel === 0 ? '' : `; "label" is column ${this.laterLabel}`
      throw this.at(1, `the first column must be "label" (got ${JSON.stringify(this.firstName.slice(0, MAX_TOKEN))})${where}`)
    }
    if (this.laterLabel !== 0) throw this.at(this.laterLabel, 'a second "label" column: only column 1 holds the label')
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
      ? this.at(1, `label ${text} outside 0..${MAX_CLASSES - 1} (at most ${MAX_CLASSES} classes)`)
      : this.at(col + 1, `pixel ${text} outside 0..255`)
  }

  private tooManyColumns(column: number): DatasetError {
    return this.at(column, `row has more than ${COLUMNS} columns (label + ${PIXELS} pixels)`)
  }

  private afterQuoteError(chunk: Uint8Array, fieldStart: number, at: number, col: number): DatasetError {
    const text = this.fieldText(chunk, fieldStart, tokenEnd(chunk, at))
    return this.at(col + 1, `text after the closing quote of ${JSON.stringify(text)}`)
  }

  private badChar(chunk: Uint8Array, fieldStart: number, at: number, col: number): DatasetError {
    if (col === COLUMNS) return this.tooManyColumns(col + 1)
    const text = this.fieldText(chunk, fieldStart, tokenEnd(chunk, at))
    const what = col === 0 ? 'label' : 'pixel'
    return this.at(col + 1, `${what} ${JSON.stringify(text)} is not an integer`)
  }

  private negativeError(chunk: Uint8Array, fieldStart: number, end: number, col: number, digits: number): DatasetError {
    if (digits > 0) return this.rangeError(chunk, fieldStart, end, col)
    const what = col === 0 ? 'label' : 'pixel'
    return this.at(col + 1, `${what} ${JSON.stringify(this.fieldText(chunk, fieldStart, end))} is not an integer`)
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

  private at(column: number, problem: string): DatasetError {
    return DatasetError.at(this.info.file, `line ${this.line}, column ${column}`, problem)
  }
}

/** "1 column", "10 columns". */
/** A header name compares case-insensitively, as spreadsheets may capitalise it. */
function isLabel(name: string): boolean {
  return name.toLowerCase() === 'label'
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39
}

/** Where the field text that starts at `at` ends, for error messages. */
function tokenEnd(chunk: Uint8Array, at: number): number {
  let end = at
  while (end < chunk.length && end - at < MAX_TOKEN && !isDelimiter(chunk[end])) end++
  return end
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

function latin1(chunk: Uint8Array, from: number, to: number): string {
  return Buffer.from(chunk.buffer, chunk.byteOffset + from, Math.max(0, to - from)).toString('latin1')
}
