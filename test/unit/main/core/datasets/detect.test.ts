import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DETECT_BYTES, detectContent } from '../../../../../src/main/core/datasets/detect'
import { readDatasetFile } from '../../../../../src/main/core/datasets/readDatasetFile'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../../src/main/core/datasets/writers'
import { createRng } from '../../../../../src/main/core/util/rng'
import { datasetError, datasetErrorSync, makeSet, tempDir } from './helpers'

let tmp: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  tmp = await tempDir()
})
afterAll(() => tmp.cleanup())

const bytes = (...b: number[]) => Uint8Array.from(b)

const UNRECOGNISED_A1 = 'unrecognised content (starts with 61 31 2c 23): expected gzip (1f 8b), IDX (magic 0x00000803 images, 0x00000801 labels) or CSV (label,pixel1..pixel784)'

/** `start`, then `length` seeded random bytes: binary data whose first bytes happen to look like CSV. */
function randomAfter(start: string, length: number, seed: number): Buffer {
  const rng = createRng(seed)
  return Buffer.concat([Buffer.from(start, 'latin1'), Buffer.from(Array.from({ length }, () => Math.floor(rng() * 256)))])
}

describe('content detection', () => {
  it('tells IDX images, IDX labels and CSV apart from the first bytes', () => {
    expect(detectContent(bytes(0, 0, 8, 3, 0), 'f', false)).toBe('idx-images')
    expect(detectContent(bytes(0, 0, 8, 1), 'f', false)).toBe('idx-labels')
    expect(detectContent(Buffer.from('label,pixel1'), 'f', false)).toBe('csv')
    expect(detectContent(Buffer.from('7,0,0'), 'f', false)).toBe('csv')
    expect(detectContent(Buffer.from('\ufeff"label"'), 'f', false)).toBe('csv')
  })

  it('names the leading bytes of content it does not recognise', () => {
    const err = datasetErrorSync(() => detectContent(bytes(0x89, 0x51, 0x4e, 0x47, 0x0d), 'odd.bin', false))
    expect(err.message).toMatch(/^odd\.bin: byte offset 0: unrecognised content \(starts with 89 51 4e 47\): expected gzip/)
  })

  it.each([
    ['a ZIP archive (a Kaggle download)', 'fashion-mnist.zip', [0x50, 0x4b, 0x03, 0x04, 0x14], 'this is a ZIP archive, not a dataset file: extract the IDX or CSV files from it first'],
    ['a PNG image', 'photo.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'this is a PNG image, not a dataset file: the studio reads IDX (.gz or raw) or CSV (label,pixel1..pixel784) files'],
    ['a JPEG image', 'photo.csv', [0xff, 0xd8, 0xff, 0xe0], 'this is a JPEG image, not a dataset file: the studio reads IDX (.gz or raw) or CSV (label,pixel1..pixel784) files'],
    ['a 7z archive', 'data.7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'this is a 7z archive, not a dataset file: extract the IDX or CSV files from it first'],
    ['bzip2 data', 'train.csv.bz2', [0x42, 0x5a, 0x68, 0x39], 'this is bzip2 data, which is not supported: decompress it, or compress it with gzip instead'],
    ['xz data', 'train.csv.xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'this is xz data, which is not supported: decompress it, or compress it with gzip instead'],
    ['a NumPy array', 'x.npy', [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59], 'this is a NumPy .npy array, which is not supported: save it as CSV (label,pixel1..pixel784) or IDX'],
    ['a PDF', 'paper.pdf', [0x25, 0x50, 0x44, 0x46, 0x2d], 'this is a PDF document, not a dataset file']
  ])('says the file is %s instead of misreading it', (_label, name, head, problem) => {
    const err = datasetErrorSync(() => detectContent(Uint8Array.from(head), name, false))
    expect(err.message).toBe(`${name}: byte offset 0: ${problem}`)
  })

  it('says so when gzip holds gzip again', async () => {
    const file = await tmp.file('twice.gz', gzipSync(gzipSync(encodeCsv(makeSet(2, 1)))))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toBe(`${file}: byte offset 0 after decompression: this is gzip data inside gzip: decompress the file once first`)
  })

  it('goes by content, not by file name', async () => {
    const set = makeSet(3, 4)
    const labelsNamedCsv = await readDatasetFile(await tmp.file('train.csv', encodeIdxLabels(set.labels)))
    expect(labelsNamedCsv.kind).toBe('labels')
    const csvNamedIdx = await readDatasetFile(await tmp.file('t10k-images-idx3-ubyte', encodeCsv(set)))
    expect(csvNamedIdx.kind).toBe('csv')
    const gzNamedRaw = await readDatasetFile(await tmp.file('images.bin', gzipSync(encodeIdxImages(set.images, 3))))
    expect(gzNamedRaw.kind).toBe('images')
  })

  it('rejects an unknown format inside gzip with a decompressed offset', async () => {
    const file = await tmp.file('weird.gz', gzipSync(Buffer.from('\x01\x02\x03\x04')))
    const err = await datasetError(readDatasetFile(file))
    expect(err.message).toMatch(new RegExp(`^${file}: byte offset 0 after decompression: unrecognised content \\(starts with 01 02 03 04\\)`))
  })

  describe('binary data that starts with printable bytes', () => {
    it('is refused as unrecognised content, not parsed as a CSV header', async () => {
      const file = await tmp.file('random.bin', randomAfter('a1,#', 8192, 7))
      const err = await datasetError(readDatasetFile(file))
      expect(err.message).toBe(`${file}: byte offset 0: ${UNRECOGNISED_A1}`)
      const packed = await tmp.file('random.bin.gz', gzipSync(randomAfter('a1,#', 8192, 8)))
      const inflated = await datasetError(readDatasetFile(packed))
      expect(inflated.message).toBe(`${packed}: byte offset 0 after decompression: ${UNRECOGNISED_A1}`)
    })

    it('is refused for a NUL, another control byte or invalid UTF-8 well after the first bytes', async () => {
      for (const [name, bad] of [['nul', '\0'], ['escape', '\x1b'], ['delete', '\x7f'], ['invalid-utf8', '\xff'], ['lone-continuation', '\x80']]) {
        const content = Buffer.from(`a1,#${'x,'.repeat(5000)}${bad}${'y,'.repeat(100)}\n`, 'latin1')
        const file = await tmp.file(`${name}.csv`, content)
        const err = await datasetError(readDatasetFile(file))
        expect(err.message, name).toBe(`${file}: byte offset 0: ${UNRECOGNISED_A1}`)
      }
    })

    it('lets text with tabs, CR, LF and UTF-8 through, even a character cut by the end of the bytes examined', () => {
      expect(detectContent(Buffer.from('label\tpixel1\r\nétiquette,ü\n'), 'f', false)).toBe('csv')
      const cut = Buffer.concat([Buffer.from('l'.repeat(DETECT_BYTES - 1)), Buffer.from('é,1\n')])
      expect(cut[DETECT_BYTES - 1]).toBe(0xc3)
      expect(detectContent(cut, 'f', false)).toBe('csv')
    })

    it('leaves a bad byte after the first line to the CSV parser, which names its line and column', async () => {
      const rows = encodeCsv(makeSet(3, 4)).toString('latin1').split('\n')
      rows[2] = rows[2].replace(/,(\d+)$/, ',\0$1')
      const file = await tmp.file('nul-in-row.csv', Buffer.from(rows.join('\n'), 'latin1'))
      const err = await datasetError(readDatasetFile(file))
      expect(err.message).toMatch(new RegExp(`^${file}: line 3, column 785: `))
    })

    it('looks no further than the bytes examined', () => {
      const late = Buffer.concat([Buffer.from('l'.repeat(DETECT_BYTES)), bytes(0)])
      expect(detectContent(late, 'f', false)).toBe('csv')
    })
  })

  it('still reads a CSV with a BOM, CRLF line ends and quoted values that is longer than the bytes examined, raw and gzipped', async () => {
    const set = makeSet(100, 3)
    const quoted = encodeCsv(set, { crlf: true })
      .toString('latin1')
      .split('\r\n')
      .map((line) => (line === '' ? line : line.split(',').map((f) => `"${f}"`).join(',')))
      .join('\r\n')
    const content = Buffer.from('\ufeff' + quoted, 'utf8')
    expect(content.length).toBeGreaterThan(DETECT_BYTES)
    for (const [name, stored] of [['spreadsheet.csv', content], ['spreadsheet.csv.gz', gzipSync(content)]] as const) {
      const parsed = await readDatasetFile(await tmp.file(name, stored))
      expect(parsed.kind === 'csv' && parsed.set.count, name).toBe(100)
      expect(parsed.kind === 'csv' && Buffer.compare(parsed.set.labels, set.labels), name).toBe(0)
      expect(parsed.kind === 'csv' && Buffer.compare(parsed.set.images, set.images), name).toBe(0)
    }
  })
})
