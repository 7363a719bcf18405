import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCsvSink } from '../../../../../src/main/core/datasets/csv'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import type { ImageSet } from '../../../../../src/main/core/datasets/types'
import { encodeCsv } from '../../../../../src/main/core/datasets/writers'
import { datasetError, datasetErrorSync, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

const set = makeSet(12, 11)
const text = (opts: { header?: boolean; crlf?: boolean } = {}) => encodeCsv(set, opts).toString('latin1')

async function readCsv(name: string, content: string | Uint8Array): Promise<ImageSet> {
  const parsed = await readDatasetFile(await tmp.file(name, content))
  if (parsed.kind !== 'csv') throw new Error(`expected csv, got ${parsed.kind}`)
  return parsed.set
}

function expectSame(actual: ImageSet, expected: ImageSet = set): void {
  expect(actual.count).toBe(expected.count)
  // Buffer.compare: toEqual on megabyte arrays takes seconds.
  expect(Buffer.compare(actual.images, expected.images)).toBe(0)
  expect(Buffer.compare(actual.labels, expected.labels)).toBe(0)
  expect(actual.images.length).toBe(expected.count * 784)
}

/** Rewrites the fields of one line (1-based, counting the header) of the headed LF-terminated CSV. */
function withLine(lineNo: number, edit: (fields: string[]) => string[] | string): string {
  const lines = text().split('\n')
  const edited = edit(lines[lineNo - 1].split(','))
  lines[lineNo - 1] = typeof edited === 'string' ? edited : edited.join(',')
  return lines.join('\n')
}

/** Feeds a sink in chunks of `size` bytes after a first chunk of `first` bytes, as the reader would. */
function parseInChunks(content: string, size: number, first = 4): ImageSet {
  const bytes = Buffer.from(content, 'utf8')
  const sink = createCsvSink({ file: 'chunks.csv', compressed: false, contentBytes: null, maxContentBytes: 1 << 30 })
  sink.write(bytes.subarray(0, first))
  for (let at = first; at < bytes.length; at += size) sink.write(bytes.subarray(at, at + size))
  const out = sink.end()
  return { count: out.count, images: out.images, labels: out.labels }
}

describe('CSV parsing', () => {
  it('reads a file with a header', async () => {
    expectSame(await readCsv('with-header.csv', text()))
  })

  it('reads a file without a header', async () => {
    expectSame(await readCsv('no-header.csv', text({ header: false })))
  })

  it('reads CRLF line ends', async () => {
    expectSame(await readCsv('crlf.csv', text({ crlf: true })))
  })

  it('skips a UTF-8 byte order mark, with or without a header', async () => {
    expectSame(await readCsv('bom-header.csv', '\ufeff' + text()))
    expectSame(await readCsv('bom-data.csv', Buffer.from('\ufeff' + text({ header: false }), 'utf8')))
  })

  it('accepts trailing empty lines and a missing final newline', async () => {
    expectSame(await readCsv('trailing.csv', text() + '\n\n'))
    expectSame(await readCsv('trailing-crlf.csv', text({ crlf: true }) + '\r\n'))
    expectSame(await readCsv('no-final-newline.csv', text().trimEnd()))
  })

  it('reads gzipped CSV', async () => {
    expectSame(await readCsv('packed.csv.gz', gzipSync(encodeCsv(set, { crlf: true }))))
  })

  it('gives the same result whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      expectSame(parseInChunks(text({ crlf: true }), size))
      expectSame(parseInChunks('\ufeff' + text({ header: false }), size))
    }
  })

  it.each([
    ['short row', withLine(3, (f) => f.slice(0, 700)), 'line 3, column 700: row has only 700 columns, expected 785 (label + 784 pixels)'],
    ['long row', withLine(4, (f) => [...f, '0']), 'line 4, column 786: row has more than 785 columns (label + 784 pixels)'],
    ['label above 99', withLine(2, (f) => ['123', ...f.slice(1)]), 'line 2, column 1: label 123 outside 0..99 (at most 100 classes)'],
    ['pixel above 255', withLine(5, (f) => [...f.slice(0, 9), '256', ...f.slice(10)]), 'line 5, column 10: pixel 256 outside 0..255'],
    ['last pixel above 255', withLine(5, (f) => [...f.slice(0, 784), '999']), 'line 5, column 785: pixel 999 outside 0..255'],
    ['negative pixel', withLine(6, (f) => [...f.slice(0, 3), '-1', ...f.slice(4)]), 'line 6, column 4: pixel -1 outside 0..255'],
    ['fractional pixel', withLine(7, (f) => [...f.slice(0, 20), '1.5', ...f.slice(21)]), 'line 7, column 21: pixel "1.5" is not an integer'],
    ['text label', withLine(8, (f) => ['shoe', ...f.slice(1)]), 'line 8, column 1: label "shoe" is not an integer'],
    ['empty value', withLine(9, (f) => [...f.slice(0, 50), '', ...f.slice(51)]), 'line 9, column 51: empty value'],
    ['empty last pixel', withLine(9, (f) => [...f.slice(0, 784), '']), 'line 9, column 785: empty value'],
    ['two trailing commas', withLine(9, (f) => [...f, '', '']), 'line 9, column 787: row has more than 785 columns (label + 784 pixels)'],
    ['value after a trailing comma', withLine(9, (f) => [...f, 'x']), 'line 9, column 786: row has more than 785 columns (label + 784 pixels)'],
    ['quoted label above 99', withLine(2, (f) => ['"100"', ...f.slice(1)]), 'line 2, column 1: label "100" outside 0..99 (at most 100 classes)'],
    ['quoted negative pixel', withLine(6, (f) => [...f.slice(0, 3), '"-1"', ...f.slice(4)]), 'line 6, column 4: pixel "-1" outside 0..255'],
    ['comma inside quotes', withLine(3, (f) => [...f.slice(0, 4), '"1', '5"', ...f.slice(6)]), 'line 3, column 5: comma inside a quoted value'],
    ['quote left open', withLine(3, (f) => [...f.slice(0, 784), '"7']), 'line 3, column 785: quoted value not closed before the end of the line'],
    ['text after a closing quote', withLine(3, (f) => [...f.slice(0, 7), '"5"x', ...f.slice(8)]), 'line 3, column 8: text after the closing quote of "\\"5\\"x"'],
    ['quote inside a number', withLine(3, (f) => [...f.slice(0, 7), '5"', ...f.slice(8)]), 'line 3, column 8: pixel "5\\"" is not an integer'],
    ['empty line between rows', withLine(4, () => ''), 'line 4: empty line between data rows'],
    ['stray carriage return', withLine(3, (f) => [f[0] + '\r' + f[1], ...f.slice(2)]), 'line 3, column 1: carriage return not followed by a line feed'],
    ['header with too few columns', withLine(1, (f) => f.slice(0, 10)), 'line 1, column 1: header has 10 columns, expected 785 (label, pixel1..pixel784)'],
    ['header with one column', withLine(1, (f) => f.slice(0, 1)), 'line 1, column 1: header has 1 column, expected 785 (label, pixel1..pixel784)'],
    ['header with the label last', withLine(1, (f) => [...f.slice(1), f[0]]), 'line 1, column 1: the first column must be "label" (got "pixel1"); "label" is column 785'],
    ['header not naming the label', withLine(1, (f) => ['lbl', ...f.slice(1).map((_, i) => `px${i + 1}`)]), 'line 1, column 1: the first column must be "label" (got "lbl")'],
    ['header with a second label', withLine(1, (f) => [...f.slice(0, 100), 'Label', ...f.slice(101)]), 'line 1, column 101: a second "label" column: only column 1 holds the label']
  ])('rejects a %s with the line and column', async (name, content, location) => {
    const file = await tmp.file(`${name.replace(/ /g, '-')}.csv`, content)
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: ${location}`)
  })

  it('takes "label" in any case, quoted or padded, and leaves pixel column names alone', async () => {
    // Leading blanks never get here: detectContent() refuses a file not starting with a digit, letter or quote.
    for (const first of ['LABEL', 'Label', 'label ', '"label"', '"Label"\t']) {
      const content = withLine(1, (f) => [first, ...f.slice(1).map((_, i) => `${i % 28}x${Math.floor(i / 28)}`)])
      expectSame(await readCsv('named.csv', content))
      expectSame(await readCsv('named-bom.csv', '\ufeff' + content))
    }
  })

  it('checks the header names the same way whatever the chunk boundaries', () => {
    const moved = withLine(1, (f) => [...f.slice(1), f[0]])
    const named = withLine(1, (f) => ['"Label"', ...f.slice(1)])
    for (const size of [1, 2, 3, 7]) {
      const err = datasetErrorSync(() => parseInChunks(moved, size, 1))
      expect(err.message).toBe('chunks.csv: line 1, column 1: the first column must be "label" (got "pixel1"); "label" is column 785')
      expectSame(parseInChunks(named, size, 1))
    }
  })

  it('reads values in double quotes, in the header and the rows, as spreadsheets and csv.QUOTE_ALL write them', async () => {
    const quoted = (opts: { header?: boolean; crlf?: boolean }) => {
      const eol = opts.crlf ? '\r\n' : '\n'
      return text(opts)
        .split(eol)
        .map((line) => (line === '' ? line : line.split(',').map((f) => `"${f}"`).join(',')))
        .join(eol)
    }
    expectSame(await readCsv('quoted.csv', quoted({})))
    expectSame(await readCsv('quoted-crlf-bom.csv', '\ufeff' + quoted({ crlf: true })))
    // Without a header, a first row starting with a quoted label is data, not a header to skip.
    expectSame(await readCsv('quoted-no-header.csv', quoted({ header: false })))
    expectSame(await readCsv('quoted-no-header-bom.csv', '\ufeff' + quoted({ header: false })))
    for (const size of [1, 2, 3, 7]) {
      expectSame(parseInChunks(quoted({ crlf: true }), size))
      expectSame(parseInChunks('\ufeff' + quoted({ header: false }), size, 1))
    }
  })

  it('ignores one trailing comma at the end of the header and of each row', async () => {
    const trailing = (opts: { header?: boolean; crlf?: boolean }) => {
      const eol = opts.crlf ? '\r\n' : '\n'
      return text(opts)
        .split(eol)
        .map((line) => (line === '' ? line : `${line},`))
        .join(eol)
    }
    expectSame(await readCsv('trailing-comma.csv', trailing({})))
    expectSame(await readCsv('trailing-comma-crlf.csv', trailing({ crlf: true })))
    expectSame(await readCsv('trailing-comma-no-header.csv', trailing({ header: false })))
    // Only some lines having one is fine too: each line is read on its own.
    expectSame(await readCsv('trailing-comma-some.csv', withLine(3, (f) => [...f, ''])))
    for (const size of [1, 2, 3]) expectSame(parseInChunks(trailing({ crlf: true }), size))
  })

  it('rejects a first line too long to be the header, without reading the whole file as one', async () => {
    const file = await tmp.file('one-long-line.csv', 'x'.repeat(200 * 1024))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: line 1, column 1: line 1 is longer than 64 KiB: not a header (label,pixel1..pixel784) nor a data row`)
  })

  it('reads files shorter than the bytes needed to tell a header from data', async () => {
    for (const content of ['5', '"5"', '\ufeff5', '5\n']) {
      const file = await tmp.file('tiny.csv', content)
      const err = await datasetError(readDatasetFile(file))
      expect(err.message, JSON.stringify(content)).toBe(`${file}: line 1, column 1: row has only 1 column, expected 785 (label + 784 pixels)`)
    }
  })

  it('keeps the line end out of the quoted value in CRLF files', async () => {
    const crlf = (edit: (fields: string[]) => string[]) => {
      const lines = text({ crlf: true }).split('\r\n')
      lines[1] = edit(lines[1].split(',')).join(',')
      return lines.join('\r\n')
    }
    const over = await tmp.file('crlf-over.csv', crlf((f) => [...f.slice(0, 784), '300']))
    expect((await datasetError(readDatasetFile(over))).message).toBe(`${over}: line 2, column 785: pixel 300 outside 0..255`)
    const comma = await tmp.file('crlf-comma.csv', crlf((f) => [...f.slice(0, 784), '']))
    expect((await datasetError(readDatasetFile(comma))).message).toBe(`${comma}: line 2, column 785: empty value`)
  })

  it('rejects a carriage return that ends a chunk without a line feed after it', () => {
    const content = text({ header: false }).replace('\n', '\r')
    const first = content.indexOf('\r') + 1
    const err = datasetErrorSync(() => parseInChunks(content, 100, first))
    expect(err.message).toBe('chunks.csv: line 1, column 785: carriage return not followed by a line feed')
  })

  it('rejects a header with no rows', async () => {
    const file = await tmp.file('header-only.csv', text().split('\n')[0] + '\n')
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: line 2: no data rows`)
  })

  it('quotes the whole bad value even when it spans chunks', () => {
    const content = withLine(2, (f) => [...f.slice(0, 5), '12345678', ...f.slice(6)])
    for (const size of [1, 3]) {
      const err = datasetErrorSync(() => parseInChunks(content, size))
      expect(err.message).toBe('chunks.csv: line 2, column 6: pixel 12345678 outside 0..255')
    }
  })

  it('keeps the row capacity right when the content size is unknown', () => {
    const many = makeSet(5000, 2)
    const sink = createCsvSink({ file: 'x.csv', compressed: true, contentBytes: null, maxContentBytes: 1 << 30 })
    const bytes = encodeCsv(many, { header: false })
    for (let at = 0; at < bytes.length; at += 1 << 20) sink.write(bytes.subarray(at, at + (1 << 20)))
    expectSame(sink.end(), many)
  })
})
