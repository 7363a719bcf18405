import { createCsvSink } from './csv'
import { detectContent } from './detect'
import { createIdxImagesSink, createIdxLabelsSink } from './idx'
import { hasPublishedName } from './official'
import { DEFAULT_MAX_CONTENT_BYTES, readContent, type ContentSink, type ReadProgress } from './readContent'
import type { ImageSet } from './types'

export interface ReadOptions {
  onProgress?: (p: ReadProgress) => void
  /** Limit on each file's content after decompression (default 512 MiB). */
  maxDecompressedBytes?: number
  /** Cancels the import (see readContent). */
  signal?: AbortSignal
}

/**
 * One validated file, recognised by its content: half of an IDX pair, or a whole CSV set. `md5` is
 * set for files named like a published dataset's (official.ts); `compressed` says whether byte
 * offsets count decompressed bytes.
 */
export type ParsedFile = { file: string; md5: string | null; compressed: boolean } & ParsedContent

type ParsedContent =
  | { kind: 'images'; count: number; images: Uint8Array }
  | { kind: 'labels'; count: number; labels: Uint8Array }
  | { kind: 'csv'; set: ImageSet }

export async function readDatasetFile(file: string, opts: ReadOptions = {}): Promise<ParsedFile> {
  let compressed = false
  const { result, digest } = await readContent<ParsedContent>(
    file,
    {
      maxContentBytes: opts.maxDecompressedBytes ?? DEFAULT_MAX_CONTENT_BYTES,
      onProgress: opts.onProgress,
      signal: opts.signal,
      hashAlgorithm: hasPublishedName(file) ? 'md5' : null
    },
    (head, info) => {
      compressed = info.compressed
      switch (detectContent(head, info.file, info.compressed)) {
        case 'idx-images':
          return mapSink(createIdxImagesSink(info), ({ count, data }) => ({ kind: 'images', count, images: data }))
        case 'idx-labels':
          return mapSink(createIdxLabelsSink(info), ({ count, data }) => ({ kind: 'labels', count, labels: data }))
        case 'csv':
          return mapSink(createCsvSink(info), (set) => ({ kind: 'csv', set }))
      }
    }
  )
  return { file, md5: digest, compressed, ...result }
}

function mapSink<A, B>(sink: ContentSink<A>, convert: (a: A) => B): ContentSink<B> {
  return { write: (chunk) => sink.write(chunk), end: () => convert(sink.end()) }
}
