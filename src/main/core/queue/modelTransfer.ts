/**
 * The trained model's files from a worker to its host through Redis keys: the worker leaves them
 * with their sizes and checksums listed in the job's result, the host writes them into the run's model
 * folder itself (it stays the one writer of its workspace) and deletes the keys.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Redis } from 'ioredis'
import { writeFileAtomic } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'
import type { ModelFileRef } from './jobPayload'
import { MODEL_TTL_SECONDS, modelFileKey } from './queueKeys'

/** Uploads every file of the trainer's model folder and lists them for the job's result. */
export async function sendModelFiles(redis: Redis, jobId: string, dir: string): Promise<ModelFileRef[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort()
  const refs: ModelFileRef[] = []
  for (const name of names) {
    const data = await readFile(join(dir, name))
    await redis.set(modelFileKey(jobId, name), data, 'EX', MODEL_TTL_SECONDS)
    refs.push({ name, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') })
  }
  return refs
}

/**
 * Writes the listed files into `dir`, model.json last as the trainer does, so the folder never points
 * at missing weights. Returns the bytes received. Throws when a file is missing or damaged.
 */
export async function receiveModelFiles(redis: Redis, jobId: string, refs: ModelFileRef[], dir: string): Promise<number> {
  const files: { ref: ModelFileRef; data: Buffer }[] = []
  for (const ref of refs) {
    const data = await redis.getBuffer(modelFileKey(jobId, ref.name))
    if (data === null) throw new Error(`model file ${ref.name} is no longer in Redis`)
    if (data.length !== ref.bytes || createHash('sha256').update(data).digest('hex') !== ref.sha256) {
      throw new Error(`model file ${ref.name} arrived damaged (size or checksum differs)`)
    }
    files.push({ ref, data })
  }
  await ensureDir(dir)
  files.sort((a, b) => Number(a.ref.name === 'model.json') - Number(b.ref.name === 'model.json'))
  for (const { ref, data } of files) await writeFileAtomic(join(dir, ref.name), data)
  await deleteModelFiles(redis, jobId, refs)
  return files.reduce((sum, f) => sum + f.data.length, 0)
}

export async function deleteModelFiles(redis: Redis, jobId: string, refs: ModelFileRef[]): Promise<void> {
  if (refs.length > 0) await redis.del(...refs.map((ref) => modelFileKey(jobId, ref.name)))
}
