import { createGunzip, type Gunzip } from 'node:zlib'
import { DatasetError } from './errors'

/** Every gzip member starts with these two bytes (RFC 1952). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b
}

/** A streaming gunzip emitting large chunks, so parsers downstream see few, big buffers. */
export function createChunkedGunzip(chunkSize: number): Gunzip {
  return createGunzip({ chunkSize })
}

/** zlib reports damaged input through errors whose code starts with Z_ (Z_DATA_ERROR, Z_BUF_ERROR). */
export function isZlibError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' && code.startsWith('Z_')
}

export function gzipError(file: string, err: NodeJS.ErrnoException): DatasetError {
  return DatasetError.at(file, 'gzip data', `truncated or corrupt gzip (${err.message})`)
}
