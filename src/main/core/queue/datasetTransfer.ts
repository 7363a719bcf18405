/**
 * A prepared dataset (.rsds) through Redis: published once per content by a host, fetched once per
 * content by a worker into its cache. Chunks keep every Redis value small; a manifest written last
 * (so it never points at missing chunks) holds the size and the SHA-256 of the whole file.
 */
import { createHash } from 'node:crypto'
import { open, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { writeFileAtomic } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'
import { DATASET_TTL_SECONDS, datasetChunkKey, datasetManifestKey } from './queueKeys'

/** 4 MiB: far below Redis's 512 MB value cap, and a lost connection costs one chunk, not the file. */
const CHUNK_BYTES = 4 * 2 ** 20
/** An .rsds file ends with the SHA-256 of everything before it (datasets/cache.ts). */
const RSDS_CHECKSUM_BYTES = 32

interface Manifest {
  bytes: number
  chunks: number
  sha256: string
}

/**
 * The content key of a prepared dataset file: its own trailing SHA-256. Read without reading the file,
 * so a host can key the dataset of every run at no cost.
 */
export async function datasetFingerprintOf(file: string): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    if (size < RSDS_CHECKSUM_BYTES) throw new Error(`dataset file ${file} is truncated`)
    const tail = Buffer.alloc(RSDS_CHECKSUM_BYTES)
    await handle.read(tail, 0, RSDS_CHECKSUM_BYTES, size - RSDS_CHECKSUM_BYTES)
    return tail.toString('hex')
  } finally {
    await handle.close()
  }
}

/** Publishes the file unless Redis holds it already; returns the bytes sent (0 when it was there). */
export async function publishDataset(redis: Redis, file: string, fingerprint: string): Promise<number> {
  const manifestKey = datasetManifestKey(fingerprint)
  const existing = await redis.get(manifestKey)
  if (existing !== null) {
    const { chunks } = JSON.parse(existing) as Manifest
    // Still in use: every key lives on for another TTL.
    const refresh = redis.pipeline().expire(manifestKey, DATASET_TTL_SECONDS)
    for (let i = 0; i < chunks; i++) refresh.expire(datasetChunkKey(fingerprint, i), DATASET_TTL_SECONDS)
    await refresh.exec()
    return 0
  }
  const data = await readFile(file)
  const chunks = Math.ceil(data.length / CHUNK_BYTES)
  for (let i = 0; i < chunks; i++) {
    await redis.set(datasetChunkKey(fingerprint, i), data.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES), 'EX', DATASET_TTL_SECONDS)
  }
  const manifest: Manifest = { bytes: data.length, chunks, sha256: createHash('sha256').update(data).digest('hex') }
  await redis.set(manifestKey, JSON.stringify(manifest), 'EX', DATASET_TTL_SECONDS)
  return data.length
}

/**
 * A worker's cache of datasets by fingerprint. Each is fetched at most once per process (concurrent
 * jobs of one dataset share the fetch) and verified: a file already in the cache folder is checked
 * once before its first use, a fetched one before it is written.
 */
export class DatasetCache {
  private readonly ready = new Map<string, Promise<string>>()
  /** Bytes fetched from Redis by this process, for the benchmark and the worker's log. */
  bytesFetched = 0
  fetches = 0

  constructor(
    private readonly redis: Redis,
    private readonly dir: string
  ) {}

  file(fingerprint: string): Promise<string> {
    let pending = this.ready.get(fingerprint)
    if (!pending) {
      pending = this.load(fingerprint)
      // A failed fetch (Redis gone, dataset expired) is tried again by the next job.
      pending.catch(() => this.ready.delete(fingerprint))
      this.ready.set(fingerprint, pending)
    }
    return pending
  }

  private async load(fingerprint: string): Promise<string> {
    const path = join(this.dir, `${fingerprint}.rsds`)
    const cached = await stat(path).then(
      (s) => s.isFile(),
      () => false
    )
    if (cached && sha256Tail(await readFile(path)) === fingerprint) return path
    const manifestText = await this.redis.get(datasetManifestKey(fingerprint))
    if (manifestText === null) throw new Error(`dataset ${fingerprint.slice(0, 12)} is not in Redis (expired, or its host is of another version)`)
    const manifest = JSON.parse(manifestText) as Manifest
    const parts: Buffer[] = []
    for (let i = 0; i < manifest.chunks; i++) {
      const chunk = await this.redis.getBuffer(datasetChunkKey(fingerprint, i))
      if (chunk === null) throw new Error(`dataset ${fingerprint.slice(0, 12)}: chunk ${i} of ${manifest.chunks} is missing in Redis`)
      parts.push(chunk)
    }
    const data = Buffer.concat(parts)
    this.bytesFetched += data.length
    this.fetches++
    if (data.length !== manifest.bytes || createHash('sha256').update(data).digest('hex') !== manifest.sha256) {
      throw new Error(`dataset ${fingerprint.slice(0, 12)} arrived damaged (size or checksum differs from its manifest)`)
    }
    if (sha256Tail(data) !== fingerprint) throw new Error(`dataset ${fingerprint.slice(0, 12)}: content does not match its fingerprint`)
    await ensureDir(this.dir)
    await writeFileAtomic(path, data)
    return path
  }
}

/** Whether the file's trailing checksum is right, and what it says: the file's fingerprint, or '' when damaged. */
function sha256Tail(data: Buffer): string {
  if (data.length < RSDS_CHECKSUM_BYTES) return ''
  const end = data.length - RSDS_CHECKSUM_BYTES
  const tail = data.subarray(end)
  return createHash('sha256').update(data.subarray(0, end)).digest().equals(tail) ? tail.toString('hex') : ''
}
