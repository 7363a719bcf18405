import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { PIXELS } from '../../../../../src/shared/dataset'
import { DatasetError } from '../../../../../src/main/core/datasets/errors'
import type { ImageSet } from '../../../../../src/main/core/datasets/types'
import { createRng } from '../../../../../src/main/core/util/rng'

/** A deterministic set whose pixels span 0..255 and whose labels cycle 0..9 from `firstLabel`. */
export function makeSet(count: number, seed = 1, firstLabel = 0): ImageSet {
  const rng = createRng(seed)
  const images = new Uint8Array(count * PIXELS)
  for (let i = 0; i < images.length; i++) images[i] = Math.floor(rng() * 256)
  const labels = new Uint8Array(count).map((_, i) => (firstLabel + i) % 10)
  return { count, images, labels }
}

/** A fresh temporary folder; call the returned cleanup in afterEach/afterAll. */
export async function tempDir(): Promise<{ dir: string; file: (name: string, data: Uint8Array | string) => Promise<string>; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-datasets-'))
  return {
    dir,
    file: async (name, data) => {
      const path = join(dir, name)
      await writeFile(path, data)
      return path
    },
    cleanup: () => rm(dir, { recursive: true, force: true })
  }
}

/** Awaits a rejection, checks it is a DatasetError with the dataset_invalid code, and returns it. */
export async function datasetError(promise: Promise<unknown>): Promise<DatasetError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(DatasetError)
  expect((err as DatasetError).code).toBe('dataset_invalid')
  return err as DatasetError
}

/** Same as datasetError() for synchronous code. */
export function datasetErrorSync(run: () => unknown): DatasetError {
  let err: unknown = null
  try {
    run()
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(DatasetError)
  return err as DatasetError
}

/** The 16-byte header of an IDX images file declaring `count` 28x28 images (no pixels follow). */
export function idxImagesHeader(count: number): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt32BE(0x803, 0)
  b.writeUInt32BE(count, 4)
  b.writeUInt32BE(28, 8)
  b.writeUInt32BE(28, 12)
  return b
}
