/**
 * Checks the name a browser gives an uploaded file. The name becomes a file name on disk (so the
 * importer's train/test hints and error messages keep it), so anything that could leave the
 * upload's own folder or confuse a terminal is refused rather than rewritten.
 */
import { isAbsolute } from 'node:path'
import { UserError } from '../../shared/errors'

const MAX_NAME_BYTES = 255
// Control characters (C0, DEL, C1) in a name would garble messages and terminals.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** The header value is the name percent-encoded as UTF-8 (encodeURIComponent), since headers are ASCII. */
export function decodeUploadName(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header === '') throw invalid('the upload has no X-File-Name header')
  let name: string
  try {
    name = decodeURIComponent(header)
  } catch {
    throw invalid('X-File-Name is not a percent-encoded UTF-8 name')
  }
  const problem = nameProblem(name)
  if (problem) throw invalid(`file name ${JSON.stringify(name.slice(0, 100))} ${problem}`)
  return name
}

function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'is empty'
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`
  if (CONTROL.test(name)) return 'contains control characters'
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator'
  if (name.includes('..')) return 'contains ".."'
  if (name.includes(':') || isAbsolute(name)) return 'looks like a path'
  if (name === '.') return 'is not a file name'
  return null
}

function invalid(message: string): UserError {
  return new UserError('invalid_upload', message)
}
