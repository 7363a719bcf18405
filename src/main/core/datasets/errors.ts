import { ERROR_CODES } from '../../../shared/api'
import { UserError } from '../../../shared/errors'

export const DATASET_INVALID = 'dataset_invalid'

/** A dataset file (or set of files) the user gave cannot be imported; the message is one line. */
export class DatasetError extends UserError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(DATASET_INVALID, message, details)
    this.name = 'DatasetError'
  }

  /** `<file as given>: <location>: <problem>`, the location left out when there is none (e.g. a missing file). */
  static at(file: string, location: string | null, problem: string): DatasetError {
    const message = location === null ? `${file}: ${problem}` : `${file}: ${location}: ${problem}`
    return new DatasetError(message, { file, location, problem })
  }
}

/** Byte offsets in gzipped files count decompressed bytes; say so, since the file on disk differs. */
export function byteOffset(offset: number, compressed: boolean): string {
  return compressed ? `byte offset ${offset} after decompression` : `byte offset ${offset}`
}

/** An import stopped on request: not the file's fault, so it names no file. */
export function importCancelled(): UserError {
  return new UserError(ERROR_CODES.cancelled, 'the import was cancelled')
}

/** Throws importCancelled() once `signal` is aborted; between steps of long imports. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw importCancelled()
}
