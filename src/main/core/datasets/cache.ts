/**
 * The dataset file format (.rsds): converted caches and the dataset handed to the trainer process.
 *
 * Layout, integers little-endian uint32:
 *   0  magic 'RSDS'          4  format version     8  image rows       12 image columns
 *   16 train count           20 test count         24 metadata length (bytes of UTF-8 JSON)
 *   28 metadata JSON {source, classNames, recognisedAs?, warnings, warningDetails?}, zero-padded to a multiple of 8
 *      (files written before classNames existed name their classes as legacyClassNames does)
 *   train images, train labels, test images, test labels (uint8)
 *   SHA-256 of every byte before it (32 bytes)
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { legacyClassNames } from '../../../shared/classNames'
import { IMAGE_SIDE, PIXELS, type DatasetSource } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import { writeFileAtomic } from '../util/atomicWrite'
import { countLabels } from './datasetClasses'
import type { Dataset, ImageSet } from './types'

const MAGIC = 'RSDS'
const FORMAT_VERSION = 1
const HEADER_BYTES = 28
const CHECKSUM_BYTES = 32
const SOURCE_KINDS = ['bundled', 'idx', 'csv']

/** Writes `ds` to `path` atomically: a temp file in the same folder, fsync, rename. */
export async function writeDatasetFile(path: string, ds: Dataset): Promise<void> {
  checkImageSet(ds.train, 'train')
  checkImageSet(ds.test, 'test')
  const { source, classNames, recognisedAs, warnings, warningDetails } = ds
  const meta = Buffer.from(JSON.stringify({ source, classNames, recognisedAs, warnings, warningDetails }), 'utf8')
  const header = Buffer.alloc(padded(HEADER_BYTES + meta.length))
  header.write(MAGIC, 0, 'latin1')
  const fields = [FORMAT_VERSION, IMAGE_SIDE, IMAGE_SIDE, ds.train.count, ds.test.count, meta.length]
  fields.forEach((value, k) => header.writeUInt32LE(value, 4 + 4 * k))
  meta.copy(header, HEADER_BYTES)

  const chunks = [header, ds.train.images, ds.train.labels, ds.test.images, ds.test.labels]
  const hash = createHash('sha256')
  for (const chunk of chunks) hash.update(chunk)
  chunks.push(hash.digest())

  await writeFileAtomic(path, chunks)
}

/**
 * Reads a dataset file with one read; the images and labels are views into that one buffer.
 * A missing, truncated or corrupt file is a UserError naming the file and the problem.
 */
export async function readDatasetFile(path: string): Promise<Dataset> {
  let buf: Buffer
  try {
    buf = await readFile(path)
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
    throw new UserError(
      missing ? 'dataset_file_missing' : 'dataset_file_unreadable',
      `Cannot read dataset file ${path}: ${reason(err)}`,
      { path }
    )
  }
  const corrupt = (problem: string): UserError =>
    new UserError('dataset_file_corrupt', `Dataset file ${path} ${problem}`, { path })

  if (buf.length < HEADER_BYTES + CHECKSUM_BYTES) throw corrupt(`is truncated: ${buf.length} bytes, shorter than a header`)
  if (buf.toString('latin1', 0, 4) !== MAGIC) throw corrupt('is not a dataset file (magic is not RSDS)')
  const [version, rows, cols, trainCount, testCount, metaLength] = [4, 8, 12, 16, 20, 24].map((at) => buf.readUInt32LE(at))
  if (version !== FORMAT_VERSION) throw corrupt(`has format version ${version}; this build reads version ${FORMAT_VERSION}`)
  if (rows !== IMAGE_SIDE || cols !== IMAGE_SIDE) throw corrupt(`holds ${rows}x${cols} images; expected ${IMAGE_SIDE}x${IMAGE_SIDE}`)

  const dataStart = padded(HEADER_BYTES + metaLength)
  const dataEnd = dataStart + (trainCount + testCount) * (PIXELS + 1)
  const expected = dataEnd + CHECKSUM_BYTES
  if (buf.length < expected) throw corrupt(`is truncated: ${buf.length} bytes, expected ${expected}`)
  if (buf.length > expected) throw corrupt(`is too long: ${buf.length} bytes, expected ${expected}`)
  const digest = createHash('sha256').update(buf.subarray(0, dataEnd)).digest()
  if (!digest.equals(buf.subarray(dataEnd))) throw corrupt('is corrupt: checksum mismatch')

  const meta = parseMeta(buf.toString('utf8', HEADER_BYTES, HEADER_BYTES + metaLength), corrupt)
  const view = (offset: number, length: number): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset + offset, length)
  const trainImagesAt = dataStart
  const testImagesAt = trainImagesAt + trainCount * (PIXELS + 1)
  const train = {
    count: trainCount,
    images: view(trainImagesAt, trainCount * PIXELS),
    labels: view(trainImagesAt + trainCount * PIXELS, trainCount)
  }
  const test = {
    count: testCount,
    images: view(testImagesAt, testCount * PIXELS),
    labels: view(testImagesAt + testCount * PIXELS, testCount)
  }
  const classNames = meta.classNames ?? legacyClassNames(meta.source.description, countLabels(train.labels).length)
  return {
    source: meta.source,
    classNames,
    ...(meta.recognisedAs === undefined ? {} : { recognisedAs: meta.recognisedAs }),
    warnings: meta.warnings,
    ...(meta.warningDetails === undefined ? {} : { warningDetails: meta.warningDetails }),
    train,
    test
  }
}

interface Meta {
  source: DatasetSource
  classNames?: string[]
  recognisedAs?: string
  warnings: string[]
  warningDetails?: string[]
}

function parseMeta(text: string, corrupt: (problem: string) => UserError): Meta {
  let meta: unknown
  try {
    meta = JSON.parse(text)
  } catch {
    throw corrupt('has unreadable metadata (invalid JSON)')
  }
  const { source, warnings, classNames, recognisedAs, warningDetails } = (meta ?? {}) as {
    source?: Partial<DatasetSource>
    warnings?: unknown
    classNames?: unknown
    recognisedAs?: unknown
    warningDetails?: unknown
  }
  const validSource =
    typeof source === 'object' &&
    source !== null &&
    SOURCE_KINDS.includes(source.kind as string) &&
    typeof source.description === 'string' &&
    isStringArray(source.files)
  if (!validSource || !isStringArray(warnings)) throw corrupt('has invalid metadata (source or warnings)')
  const optionalOk =
    (classNames === undefined || isStringArray(classNames)) &&
    (recognisedAs === undefined || typeof recognisedAs === 'string') &&
    (warningDetails === undefined || isStringArray(warningDetails))
  if (!optionalOk) throw corrupt('has invalid metadata (classNames, recognisedAs or warningDetails)')
  return {
    source: source as DatasetSource,
    warnings,
    ...(classNames === undefined ? {} : { classNames }),
    ...(recognisedAs === undefined ? {} : { recognisedAs }),
    ...(warningDetails === undefined ? {} : { warningDetails })
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** A caller bug, not a user problem: a mismatched set would produce a file no reader accepts. */
function checkImageSet(set: ImageSet, name: string): void {
  if (set.images.length !== set.count * PIXELS || set.labels.length !== set.count) {
    throw new Error(`${name} set: ${set.count} examples but ${set.images.length} pixels and ${set.labels.length} labels`)
  }
}

function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
