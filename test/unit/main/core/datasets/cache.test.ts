import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { UserError } from '../../../../../src/shared/errors'
import { readDatasetFile, writeDatasetFile } from '../../../../../src/main/core/datasets/cache'
import type { Dataset, ImageSet } from '../../../../../src/main/core/datasets/types'
import { createRng } from '../../../../../src/main/core/util/rng'
import { numberedClassNames } from '../../../../../src/shared/classNames'

function randomSet(count: number, seed: number): ImageSet {
  const rng = createRng(seed)
  const images = Uint8Array.from({ length: count * PIXELS }, () => Math.floor(rng() * 256))
  const labels = Uint8Array.from({ length: count }, () => Math.floor(rng() * 10))
  return { count, images, labels }
}

const dataset: Dataset = {
  source: { kind: 'idx', description: 'synthetic, ünïcode', files: ['/data/a.gz', '/data/b.gz'] },
  train: randomSet(37, 1),
  test: randomSet(11, 2),
  classNames: numberedClassNames(10),
  warnings: ['one warning']
}

async function expectUserError(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(UserError)
  expect((err as UserError).code).toBe(code)
  expect((err as UserError).message).toMatch(pattern)
}

describe('dataset file', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rsds-cache-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('round-trips images, labels, source and warnings, as views of one buffer, with no temp file left', async () => {
    const path = join(dir, 'round.rsds')
    await writeDatasetFile(path, dataset)
    const back = await readDatasetFile(path)
    expect(back.source).toEqual(dataset.source)
    expect(back.warnings).toEqual(dataset.warnings)
    for (const name of ['train', 'test'] as const) {
      expect(back[name].count).toBe(dataset[name].count)
      expect(Buffer.from(back[name].images).equals(Buffer.from(dataset[name].images))).toBe(true)
      expect(Buffer.from(back[name].labels).equals(Buffer.from(dataset[name].labels))).toBe(true)
    }
    expect(back.test.labels.buffer).toBe(back.train.images.buffer)
    expect(await readdir(dir)).toEqual(['round.rsds'])
  })

  it('replaces an existing file and round-trips an empty test set', async () => {
    const path = join(dir, 'replace.rsds')
    await writeDatasetFile(path, dataset)
    const empty: ImageSet = { count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) }
    await writeDatasetFile(path, { ...dataset, test: empty, warnings: [] })
    const back = await readDatasetFile(path)
    expect(back.test.count).toBe(0)
    expect(back.train.count).toBe(37)
    expect(back.warnings).toEqual([])
  })

  it('detects a truncated file, naming it', async () => {
    const path = join(dir, 'truncated.rsds')
    await writeDatasetFile(path, dataset)
    await truncate(path, 1000)
    await expectUserError(readDatasetFile(path), 'dataset_file_corrupt', /truncated.rsds is truncated: 1000 bytes, expected \d+/)
    await truncate(path, 10)
    await expectUserError(readDatasetFile(path), 'dataset_file_corrupt', /truncated.rsds is truncated/)
  })

  it('detects a changed byte, extra bytes, a wrong magic and a newer version', async () => {
    const path = join(dir, 'corrupt.rsds')
    await writeDatasetFile(path, dataset)
    const good = await readFile(path)

    const flipped = Buffer.from(good)
    flipped[good.length - 100] ^= 1
    await writeFile(path, flipped)
    await expectUserError(readDatasetFile(path), 'dataset_file_corrupt', /corrupt.rsds is corrupt: checksum mismatch/)

    await writeFile(path, Buffer.concat([good, Buffer.from([0])]))
    await expectUserError(readDatasetFile(path), 'dataset_file_corrupt', /too long: \d+ bytes, expected \d+/)

    const magic = Buffer.from(good)
    magic.write('XXXX', 0, 'latin1')
    await writeFile(path, magic)
    await expectUserError(readDatasetFile(path), 'dataset_file_corrupt', /not a dataset file/)

    const version = Buffer.from(good)
    version.writeUInt32LE(99, 4)
    await writeFile(path, version)
    await expectUserError(readDatasetFile(path), 'dataset_file_corrupt', /format version 99/)
  })

  it('reports a missing file and an unwritable path as UserErrors naming the file', async () => {
    const missing = join(dir, 'missing.rsds')
    await expectUserError(readDatasetFile(missing), 'dataset_file_missing', /missing\.rsds/)
    const unwritable = join(dir, 'no-such-folder', 'x.rsds')
    await expectUserError(writeDatasetFile(unwritable, dataset), 'WRITE_FAILED', /no-such-folder\/x\.rsds/)
  })

  it('refuses to write a set whose arrays do not match its count', async () => {
    const bad = { ...dataset, train: { ...dataset.train, count: 36 } }
    await expect(writeDatasetFile(join(dir, 'bad.rsds'), bad)).rejects.toThrow(/36 examples/)
  })
})
