/**
 * Property-based fuzzing of the dataset parsers (fast-check): whatever the bytes and however they
 * are split into chunks, a parse ends quickly with a dataset or with a one-line DatasetError naming
 * the file, never another exception and never a hang. Seeds are fixed so a failure reproduces; inputs
 * that once failed are kept as plain regression tests at the end.
 */
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CLASSES } from '../../../../../src/shared/classNames'
import { PIXELS } from '../../../../../src/shared/dataset'
import { createCsvSink } from '../../../../../src/main/core/datasets/csv'
import { DETECT_BYTES, detectContent } from '../../../../../src/main/core/datasets/detect'
import { DatasetError } from '../../../../../src/main/core/datasets/errors'
import { createIdxImagesSink, createIdxLabelsSink } from '../../../../../src/main/core/datasets/idx'
import type { ContentInfo, ContentSink } from '../../../../../src/main/core/datasets/readContent'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { makeSet, tempDir } from './helpers'

const FILE = 'fuzz.data'
/** Generous for a few kilobytes: a hang or a quadratic blow-up shows as seconds. */
// A hang guard, not a benchmark: generous enough for a loaded CI machine.
const MAX_PARSE_MS = 1000

type Parsed = { count: number; images?: Uint8Array; labels?: Uint8Array }

/** The dispatch of readDatasetFile over in-memory content, fed in chunks of the given sizes. */
function parseChunks(content: Uint8Array, sizes: number[]): Parsed {
  const info: ContentInfo = { file: FILE, compressed: false, contentBytes: content.length, maxContentBytes: 1 << 30 }
  const head = content.subarray(0, DETECT_BYTES)
  if (content.length === 0) throw DatasetError.at(FILE, 'byte offset 0', 'empty file')
  let sink: ContentSink<Parsed>
  switch (detectContent(head, FILE, false)) {
    case 'idx-images': {
      const s = createIdxImagesSink(info)
      sink = { write: (c) => s.write(c), end: () => ((r) => ({ count: r.count, images: r.data }))(s.end()) }
      break
    }
    case 'idx-labels': {
      const s = createIdxLabelsSink(info)
      sink = { write: (c) => s.write(c), end: () => ((r) => ({ count: r.count, labels: r.data }))(s.end()) }
      break
    }
    case 'csv':
      sink = createCsvSink(info)
      break
  }
  let at = 0
  for (let k = 0; at < content.length; k++) {
    const size = Math.max(1, sizes.length > 0 ? sizes[k % sizes.length] : content.length)
    sink.write(content.subarray(at, at + size))
    at += size
  }
  return sink.end()
}

/** Runs a parse and checks the contract: a valid result or a one-line DatasetError, in bounded time. */
function checkParse(content: Uint8Array, sizes: number[]): Parsed | DatasetError {
  const started = performance.now()
  let outcome: Parsed | DatasetError
  try {
    outcome = parseChunks(content, sizes)
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err
    expect(err.message.startsWith(`${FILE}: `)).toBe(true)
    expect(err.message).not.toMatch(/[\n\r]/)
    outcome = err
  }
  expect(performance.now() - started).toBeLessThan(MAX_PARSE_MS)
  if (!(outcome instanceof DatasetError)) {
    expect(outcome.count).toBeGreaterThan(0)
    if (outcome.images) expect(outcome.images.length).toBe(outcome.count * PIXELS)
    if (outcome.labels) {
      expect(outcome.labels.length).toBe(outcome.count)
      expect(outcome.labels.every((l) => l < MAX_CLASSES)).toBe(true)
    }
  }
  return outcome
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 6 })

/** Bytes CSV parsing cares about, to make malformed-but-plausible text more often than random bytes do. */
const CSV_BYTES = [...'0123456789', ',', '\n', '\r', '"', '-', '.', ' ', 'a', '\ufeff'].map((c) => Buffer.from(c))

/** Edits a valid file: overwrite, insert or delete a few bytes, or cut it short. */
function mutated(base: Buffer) {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...CSV_BYTES) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() })
  )
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
    let out = Buffer.from(base)
    for (const e of edits) {
      const at = out.length === 0 ? 0 : e.at % out.length
      if (e.kind === 'set') out[at] = e.byte
      else if (e.kind === 'insert') out = Buffer.concat([out.subarray(0, at), e.bytes, out.subarray(at)])
      else if (e.kind === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + e.length)])
      else out = out.subarray(0, at)
    }
    return out
  })
}

const set = makeSet(3, 17)
const validFiles = {
  csv: encodeCsv(set),
  csvNoHeader: encodeCsv(set, { header: false, crlf: true }),
  images: encodeIdxImages(set.images, set.count),
  labels: encodeIdxLabels(set.labels)
}

describe('dataset parsers under fuzzing', () => {
  it('end with a dataset or a DatasetError for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4096 }), chunkSizes, (bytes, sizes) => {
        checkParse(bytes, sizes)
      }),
      { seed: 20260701, numRuns: 2000 }
    )
  })

  it('end with a dataset or a DatasetError for arbitrary bytes after a valid start', () => {
    const starts = [Buffer.from('label,pixel1'), Buffer.from('5,0,0,'), Buffer.from('"5","0"'), idxStart(0x803), idxStart(0x801)]
    fc.assert(
      fc.property(fc.constantFrom(...starts), fc.uint8Array({ maxLength: 4096 }), chunkSizes, (start, rest, sizes) => {
        checkParse(Buffer.concat([start, rest]), sizes)
      }),
      { seed: 20260702, numRuns: 2000 }
    )
  })

  it.each(Object.keys(validFiles) as (keyof typeof validFiles)[])('end with a dataset or a DatasetError for edited %s files', (name) => {
    fc.assert(
      fc.property(mutated(validFiles[name]), chunkSizes, (content, sizes) => {
        if (content.length > 0) checkParse(content, sizes)
      }),
      { seed: 20260703, numRuns: 1500 }
    )
  })

  it('give the same dataset, or an error at the same place, whatever the chunk boundaries', () => {
    // The text an error quotes after a bad byte stops at the end of the chunk holding it (1 MiB when
    // reading files), so only the place and the quoted-text-free problem are compared.
    const place = (err: DatasetError) => `${String(err.details?.location)}: ${String(err.details?.problem).replace(/"(?:[^"\\]|\\.)*"/g, '"…"')}`
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(validFiles)).chain(mutated), chunkSizes, (content, sizes) => {
        if (content.length === 0) return
        const whole = checkParse(content, [])
        const split = checkParse(content, sizes)
        if (whole instanceof DatasetError) expect(split instanceof DatasetError ? place(split) : 'parsed').toBe(place(whole))
        else expect(split).toEqual(whole)
      }),
      { seed: 20260704, numRuns: 1500 }
    )
  })

  it('read every CSV dialect they accept (quotes, trailing commas, CRLF, BOM, header) as the plain file', () => {
    const dialect = fc.record({
      header: fc.boolean(),
      crlf: fc.boolean(),
      bom: fc.boolean(),
      quoteRate: fc.double({ min: 0, max: 1, noNaN: true }),
      trailingRate: fc.double({ min: 0, max: 1, noNaN: true }),
      seed: fc.nat()
    })
    fc.assert(
      fc.property(dialect, chunkSizes, (d, sizes) => {
        const content = writeDialect(d)
        const parsed = checkParse(content, sizes)
        expect(parsed).not.toBeInstanceOf(DatasetError)
        const { count, images, labels } = parsed as Parsed
        expect(count).toBe(set.count)
        expect(Buffer.compare(images as Uint8Array, set.images)).toBe(0)
        expect(Buffer.compare(labels as Uint8Array, set.labels)).toBe(0)
      }),
      { seed: 20260705, numRuns: 300 }
    )
  })
})

describe('regressions found by fuzzing (the same outcome whatever the chunks)', () => {
  const row = (label: string, pixels: string[]) => [label, ...pixels].join(',')
  const zeros = Array<string>(PIXELS).fill('0')

  it.each([
    // A CR that ended a chunk closed the row before its LF was checked: "row has only 2 columns" instead.
    ['a carriage return inside a row at the end of a chunk', '0,17\r3,49\n', 'line 1, column 2: carriage return not followed by a line feed'],
    // The same after a complete row: "line 1" without the column.
    ['a carriage return after a whole row at the end of a chunk', `${row('0', zeros)}\r${row('1', zeros)}\n`, 'line 1, column 785: carriage return not followed by a line feed'],
    // A minus sign ending a chunk was quoted alone: "pixel "-" is not an integer" instead.
    ['a negative number split by a chunk end', `${row('0', ['-74', ...zeros.slice(1)])}\n`, 'line 1, column 2: pixel -74 outside 0..255']
  ])('%s', (_name, text, expected) => {
    const content = Buffer.from(text, 'latin1')
    for (const sizes of [[], [1], [2], [3], [5], [7]]) {
      const outcome = checkParse(content, sizes)
      expect(outcome instanceof DatasetError ? outcome.message : 'parsed', `chunks of ${sizes.join() || 'all'}`).toBe(`${FILE}: ${expected}`)
    }
  })
})

describe('dataset files under fuzzing, through the file reader', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>
  beforeAll(async () => {
    tmp = await tempDir()
  })
  afterAll(() => tmp.cleanup())

  it('end with a dataset or a DatasetError for edited files, raw or gzipped', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.values(validFiles)).chain(mutated), fc.boolean(), async (content, gzip) => {
        if (content.length === 0) return
        const file = await tmp.file(`f${n++}${gzip ? '.gz' : ''}`, gzip ? gzipSync(content) : content)
        const started = performance.now()
        const outcome = await readDatasetFile(file).catch((err: unknown) => err)
        expect(performance.now() - started).toBeLessThan(3000)
        if (outcome instanceof Error) {
          expect(outcome).toBeInstanceOf(DatasetError)
          expect(outcome.message.startsWith(`${file}: `)).toBe(true)
          expect(outcome.message).not.toMatch(/[\n\r]/)
        }
      }),
      { seed: 20260706, numRuns: 200 }
    )
  })
})

function idxStart(magic: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(magic)
  return b
}

/** The test set as CSV in a dialect: some values quoted, some lines with a trailing comma. */
function writeDialect(d: { header: boolean; crlf: boolean; bom: boolean; quoteRate: number; trailingRate: number; seed: number }): Buffer {
  let s = d.seed
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  const eol = d.crlf ? '\r\n' : '\n'
  const line = (fields: string[]) =>
    fields.map((f) => (rand() < d.quoteRate ? `"${f}"` : f)).join(',') + (rand() < d.trailingRate ? ',' : '')
  const lines: string[] = []
  if (d.header) lines.push(line(['label', ...Array.from({ length: PIXELS }, (_, i) => `pixel${i + 1}`)]))
  for (let r = 0; r < set.count; r++) {
    lines.push(line([String(set.labels[r]), ...Array.from(set.images.subarray(r * PIXELS, (r + 1) * PIXELS), String)]))
  }
  return Buffer.from((d.bom ? '\ufeff' : '') + lines.join(eol) + eol, 'utf8')
}
