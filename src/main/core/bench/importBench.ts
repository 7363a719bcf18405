/** Times the dataset imports on files generated from the bundled data: IDX gz, CSV and the bundled cache. */
import { gzipSync } from 'node:zlib'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadBundled } from '../datasets/bundled'
import { loadImageSet } from '../datasets/importFiles'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../datasets/writers'

export interface ImportTimings {
  idxGz60k: { ms: number; samples: number[]; bytes: number }
  csv60k: { ms: number; samples: number[]; bytes: number }
  bundledCache: { ms: number; samples: number[] }
}

async function timeIt(repeats: number, fn: () => Promise<unknown>): Promise<{ ms: number; samples: number[] }> {
  await fn()
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const t = performance.now()
    await fn()
    samples.push(Math.round(performance.now() - t))
  }
  const sorted = [...samples].sort((a, b) => a - b)
  return { ms: sorted[sorted.length >> 1], samples }
}

export async function benchImports(cacheDir: string, repeats = 3): Promise<ImportTimings> {
  const bundled = await loadBundled({ cacheDir })
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-bench-'))
  try {
    const images = join(dir, 'train-images-idx3-ubyte.gz')
    const labels = join(dir, 'train-labels-idx1-ubyte.gz')
    const csv = join(dir, 'fashion-mnist_train.csv')
    const idxBytes = gzipSync(encodeIdxImages(bundled.train.images, bundled.train.count))
    await writeFile(images, idxBytes)
    await writeFile(labels, gzipSync(encodeIdxLabels(bundled.train.labels)))
    const csvBytes = encodeCsv(bundled.train, { header: true })
    await writeFile(csv, csvBytes)
    return {
      idxGz60k: { ...(await timeIt(repeats, () => loadImageSet([images, labels]))), bytes: idxBytes.length },
      csv60k: { ...(await timeIt(repeats, () => loadImageSet([csv]))), bytes: csvBytes.length },
      bundledCache: await timeIt(repeats, () => loadBundled({ cacheDir }))
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
