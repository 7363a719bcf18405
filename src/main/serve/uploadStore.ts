/**
 * Browser-mode uploads: each request body is streamed to <dir>/<uploadId>/<name> with a size cap,
 * and the Studio later reads it by id (datasets.importUploads). A refused or broken upload leaves
 * nothing behind; the whole folder goes when the server stops. Finished uploads together keep to
 * a few times the per-file cap and to a fixed number (empty ones count too): beyond either the
 * oldest are deleted (importing them again then asks for a new upload), so a long-running server
 * does not fill its disk.
 *
 * <dir> is <workspace>/uploads/serve-<pid>-<random>, not a temporary folder: a server killed
 * without its cleanup (SIGKILL, power loss) leaves it where the next server on the workspace finds
 * it, and that one removes the folders whose process is gone.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import { formatSizeLimit } from '../../shared/format'
import type { UploadResult } from '../../shared/wsProtocol'
import { ensureDir } from '../core/util/ensureDir'
import { isProcessAlive } from '../core/util/processAlive'
import { decodeUploadName } from './uploadName'

/** An upload refused for its size; the server answers 413. */
export class UploadTooLargeError extends UserError {
  constructor(name: string, maxBytes: number) {
    super('too_large', `${name} is larger than the upload limit of ${formatSizeLimit(maxBytes)} (start the server with a larger --max-upload-mb)`)
  }
}

const UPLOAD_ID = /^[0-9a-f]{32}$/

/** Finished uploads kept, as a multiple of the per-file cap: a train and a test file, and room to spare. */
export const KEPT_UPLOADS_FACTOR = 4
/** Finished uploads kept, whatever their size: a few imports' worth of pairs. */
export const MAX_KEPT_UPLOADS = 16
/** A server's upload folder under <workspace>/uploads, named for its process. */
const SERVER_FOLDER = /^serve-(\d+)-[0-9a-f]+$/

export interface UploadStoreOptions {
  /** <workspace>/uploads: this server's folder goes inside, beside those of earlier servers. */
  root: string
  maxBytes: number
  maxKeptBytes?: number
  maxKeptCount?: number
}

export class UploadStore {
  /** Finished uploads, oldest first (Map keeps insertion order). */
  private readonly files = new Map<string, { path: string; bytes: number }>()
  private keptBytes = 0

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
    readonly maxKeptBytes: number,
    readonly maxKeptCount: number
  ) {}

  /** Makes this server's folder, after removing those left by servers whose process is gone. */
  static async create(opts: UploadStoreOptions): Promise<UploadStore> {
    await ensureDir(opts.root)
    await removeAbandoned(opts.root)
    const dir = join(opts.root, `serve-${process.pid}-${randomBytes(4).toString('hex')}`)
    await mkdir(dir)
    return new UploadStore(dir, opts.maxBytes, opts.maxKeptBytes ?? KEPT_UPLOADS_FACTOR * opts.maxBytes, opts.maxKeptCount ?? MAX_KEPT_UPLOADS)
  }

  /** Streams one request body to disk. Throws UserError (bad name, too large) or the stream's error. */
  async receive(req: IncomingMessage): Promise<UploadResult> {
    const fileName = decodeUploadName(req.headers['x-file-name'])
    const declared = Number(req.headers['content-length'])
    if (declared > this.maxBytes) throw new UploadTooLargeError(fileName, this.maxBytes)
    const uploadId = randomBytes(16).toString('hex')
    const folder = join(this.dir, uploadId)
    const path = join(folder, fileName)
    await mkdir(folder)
    try {
      const bytes = await this.copyCapped(req, path, fileName)
      this.files.set(uploadId, { path, bytes })
      this.keptBytes += bytes
      await this.evictOldest()
      return { uploadId, fileName, bytes }
    } catch (err) {
      this.forget(uploadId)
      await rm(folder, { recursive: true, force: true })
      throw err
    }
  }

  /** The path of a finished upload, for Studio's resolveUpload. */
  resolve(uploadId: string): string | undefined {
    return UPLOAD_ID.test(uploadId) ? this.files.get(uploadId)?.path : undefined
  }

  /**
   * Deletes the oldest finished uploads until the rest fit; the newest always stays. Best effort:
   * a folder that cannot be removed now (Windows keeps open files) goes when the server stops.
   */
  private async evictOldest(): Promise<void> {
    for (const id of [...this.files.keys()]) {
      const fits = this.keptBytes <= this.maxKeptBytes && this.files.size <= this.maxKeptCount
      if (fits || this.files.size === 1) return
      this.forget(id)
      await rm(join(this.dir, id), { recursive: true, force: true }).catch(() => undefined)
    }
  }

  private forget(uploadId: string): void {
    const file = this.files.get(uploadId)
    if (!file) return
    this.files.delete(uploadId)
    this.keptBytes -= file.bytes
  }

  async dispose(): Promise<void> {
    this.files.clear()
    this.keptBytes = 0
    await rm(this.dir, { recursive: true, force: true })
  }

  /**
   * Copies by hand rather than with pipeline(): on overflow the request must stay open (only
   * paused) so the 413 answer can still reach the client.
   */
  private copyCapped(req: IncomingMessage, path: string, fileName: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const out = createWriteStream(path, { flags: 'wx' })
      let bytes = 0
      let done = false
      const fail = (err: Error): void => {
        if (done) return
        done = true
        req.off('data', onData)
        req.pause()
        // Settles once the file is closed, so the caller can remove it.
        if (out.closed) reject(err)
        else out.once('close', () => reject(err)).destroy()
      }
      const onData = (chunk: Buffer): void => {
        bytes += chunk.length
        if (bytes > this.maxBytes) return fail(new UploadTooLargeError(fileName, this.maxBytes))
        if (!out.write(chunk)) {
          req.pause()
          out.once('drain', () => req.resume())
        }
      }
      req.on('data', onData)
      req.once('end', () => out.end())
      req.once('close', () => {
        if (!req.complete) fail(new Error(`the upload of ${fileName} was interrupted`))
      })
      out.once('error', fail)
      // 'close' after 'finish': the file is complete and its descriptor released.
      out.once('close', () => {
        if (done || !out.writableFinished) return
        done = true
        resolve(bytes)
      })
    })
  }
}

/** Upload folders of servers that were killed before they could remove them. */
async function removeAbandoned(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    const owner = SERVER_FOLDER.exec(name)
    if (owner && !isProcessAlive(Number(owner[1]))) await rm(join(root, name), { recursive: true, force: true })
  }
}
