/** A user's class names: `classes.txt` (one name per line) or `classes.json` (an array of strings). */
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { classNamesProblem } from '../../../shared/classNames'
import { DatasetError } from './errors'

/** Far more than 100 names need; a bigger file is not a name list. */
const MAX_BYTES = 64 * 1024

/** Whether a dropped or chosen file is a class-names file rather than data. */
export function isClassNamesFile(file: string): boolean {
  return /^classes\.(txt|json)$/i.test(basename(file))
}

/** The names in the file, checked against the dataset's K; any problem is one line naming the file. */
export async function readClassNamesFile(file: string, count: number): Promise<string[]> {
  const size = await stat(file).then(
    (s) => s.size,
    () => null
  )
  if (size === null) throw DatasetError.at(file, null, 'no such file')
  if (size > MAX_BYTES) throw DatasetError.at(file, null, `${size} bytes: too large for a list of class names (at most ${MAX_BYTES})`)
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '')
  const names = /\.json$/i.test(file) ? parseJsonNames(file, text) : parseLines(text)
  const problem = classNamesProblem(names, count)
  if (problem !== null) throw DatasetError.at(file, null, problem)
  return names
}

function parseLines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim())
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

function parseJsonNames(file: string, text: string): string[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw DatasetError.at(file, null, `not valid JSON (${err instanceof Error ? err.message : String(err)})`)
  }
  if (!Array.isArray(value)) throw DatasetError.at(file, null, 'must hold a JSON array of class names, e.g. ["cat", "dog"]')
  const bad = value.findIndex((name) => typeof name !== 'string')
  if (bad >= 0) throw DatasetError.at(file, `item ${bad}`, `${JSON.stringify(value[bad])} is not a string`)
  return (value as string[]).map((name) => name.trim())
}
