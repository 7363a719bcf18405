import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { DETECT_BYTES } from './detect'
import { DatasetError, throwIfCancelled } from './errors'
import { formatSizeLimit } from '../../../shared/format'
import { createChunkedGunzip, gzipError, isGzip, isZlibError } from './gunzip'

/** Files are read, and gzip is inflated, in chunks of this size. */
export const CHUNK_BYTES = 1024 * 1024

/** Default limit on a file's content after decompression. */
export const DEFAULT_MAX_CONTENT_BYTES = 512 * 1024 * 1024

export interface ReadProgress {
  file: string
  bytesRead: number
  totalBytes: number
}

/** What a parser needs to know about the content it is given. */
export interface ContentInfo {
  file: string
  compressed: boolean
  /** Content length known before reading (raw files); null for gzip, known only at the end. */
  contentBytes: number | null
  maxContentBytes: number
}

/** A push parser: receives the content in order, then returns what it parsed or throws DatasetError. */
export interface ContentSink<T> {
  write(chunk: Uint8Array): void
  end(): T
}

export interface ReadContentOptions {
  maxContentBytes: number
  onProgress?: (p: ReadProgress) => void
  /** Digest (hex) of the file as stored on disk, e.g. 'md5'; null to skip. */
  hashAlgorithm: string | null
  /** Stops the read (the import is cancelled): readContent then throws importCancelled(). */
  signal?: AbortSignal
}

export interface ReadContentResult<T> {
  result: T
  digest: string | null
}

/** Size of a readable, non-empty regular file; DatasetError for anything else. */
export async function statDataFile(file: string): Promise<number> {
  let info
  try {
    info = await stat(file)
  } catch (err) {
    throw fsError(file, err)
  }
  if (info.isDirectory()) throw DatasetError.at(file, null, 'is a directory, not a data file')
  if (!info.isFile()) throw DatasetError.at(file, null, 'is not a regular file')
  if (info.size === 0) throw DatasetError.at(file, 'byte offset 0', 'empty file')
  return info.size
}

/**
 * Streams a file's content, inflating it when it is gzip (by its magic bytes, not its name), into the
 * sink that openSink picks from the first content bytes (at least DETECT_BYTES of them, or all of shorter
 * content). Content beyond maxContentBytes is refused.
 */
export async function readContent<T>(
  file: string,
  opts: ReadContentOptions,
  openSink: (head: Uint8Array, info: ContentInfo) => ContentSink<T>
): Promise<ReadContentResult<T>> {
  const fileBytes = await statDataFile(file)
  const compressed = isGzip(await readHead(file, 2))
  const cap = opts.maxContentBytes
  if (!compressed && fileBytes > cap) throw overCap(file, cap, false)
  const info: ContentInfo = { file, compressed, contentBytes: compressed ? null : fileBytes, maxContentBytes: cap }
  const hash = opts.hashAlgorithm === null ? null : createHash(opts.hashAlgorithm)
  let bytesRead = 0
  // Set by consume(); the assertion keeps TypeScript from narrowing it to null across the await.
  let result = null as { value: T } | null

  // A file written, truncated or replaced while it is read would mix two versions: checked against
  // the size it had at the start, before the extra bytes reach the parser and once it ends.
  async function* tap(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      bytesRead += chunk.length
      if (bytesRead > fileBytes) throw changedWhileReading(file, fileBytes, bytesRead)
      hash?.update(chunk)
      opts.onProgress?.({ file, bytesRead, totalBytes: fileBytes })
      yield chunk
    }
    if (bytesRead < fileBytes) throw changedWhileReading(file, fileBytes, bytesRead)
  }

  async function consume(source: AsyncIterable<Buffer>): Promise<void> {
    const head: Buffer[] = []
    let headBytes = 0
    let total = 0
    let sink: ContentSink<T> | null = null
    for await (const chunk of source) {
      total += chunk.length
      if (total > cap) throw overCap(file, cap, compressed)
      if (sink) {
        sink.write(chunk)
        continue
      }
      head.push(chunk)
      headBytes += chunk.length
      if (headBytes >= DETECT_BYTES) sink = startSink(Buffer.concat(head))
    }
    if (!sink) {
      if (headBytes === 0) throw DatasetError.at(file, 'byte offset 0 after decompression', 'empty file')
      sink = startSink(Buffer.concat(head))
    }
    result = { value: sink.end() }
  }

  function startSink(start: Buffer): ContentSink<T> {
    const sink = openSink(start, info)
    sink.write(start)
    return sink
  }

  throwIfCancelled(opts.signal)
  const input = createReadStream(file, { highWaterMark: CHUNK_BYTES })
  const options = opts.signal ? { signal: opts.signal } : {}
  try {
    if (compressed) await pipeline(input, tap, createChunkedGunzip(CHUNK_BYTES), consume, options)
    else await pipeline(input, tap, consume, options)
  } catch (err) {
    throwIfCancelled(opts.signal)
    if (err instanceof DatasetError) throw err
    if (isZlibError(err)) throw gzipError(file, err)
    throw fsError(file, err)
  }
  if (!result) throw DatasetError.at(file, null, 'could not be read')
  return { result: result.value, digest: hash ? hash.digest('hex') : null }
}

async function readHead(file: string, bytes: number): Promise<Uint8Array> {
  let handle
  try {
    handle = await open(file, 'r')
    const buf = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buf, 0, bytes, 0)
    return buf.subarray(0, bytesRead)
  } catch (err) {
    throw fsError(file, err)
  } finally {
    await handle?.close()
  }
}

function overCap(file: string, cap: number, compressed: boolean): DatasetError {
  const what = compressed ? 'decompressed size' : 'file size'
  return DatasetError.at(
    file,
    compressed ? `byte offset ${cap} after decompression` : `byte offset ${cap}`,
    `${what} exceeds the limit of ${formatSizeLimit(cap)}`
  )
}

function changedWhileReading(file: string, size: number, read: number): DatasetError {
  const change = read > size ? `more than ${size}` : `${read} of ${size}`
  return DatasetError.at(file, null, `changed while it was being read (${change} bytes read): import it again once nothing writes to it`)
}

function fsError(file: string, err: unknown): DatasetError {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOENT') return DatasetError.at(file, null, 'no such file')
  if (code === 'EISDIR') return DatasetError.at(file, null, 'is a directory, not a data file')
  if (code === 'EACCES' || code === 'EPERM') return DatasetError.at(file, null, 'permission denied')
  return DatasetError.at(file, null, `cannot be read (${(err as Error).message})`)
}
