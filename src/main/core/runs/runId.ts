/** Run ids: sortable by creation time, unique, and safe as folder names on every platform. */
import { randomBytes } from 'node:crypto'
import { UserError } from '../../../shared/errors'

const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID.test(value)
}

/** Refuses anything that could escape the runs folder (separators, dots, empty) before it reaches a path. */
export function assertRunId(value: unknown): string {
  if (isRunId(value)) return value
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : typeof value
  throw new UserError('BAD_RUN_ID', `Invalid run id ${shown}: only letters, digits, "_" and "-" are allowed (1 to 128 characters)`)
}

/** e.g. "20250301-143015-123-9f3a1c": UTC time to the millisecond, then a random suffix. */
export function newRunId(at: Date): string {
  const iso = at.toISOString() // 2025-03-01T14:30:15.123Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`
  return `${stamp}-${randomBytes(3).toString('hex')}`
}
