/** metrics.jsonl: one EpochMetrics JSON per line, appended durably; a torn last line from a crash is skipped. */
import { appendFile, open, readFile, truncate } from 'node:fs/promises'
import { UserError } from '../../../shared/errors'
import { epochMetricsSchema, type EpochMetrics } from '../../../shared/results'
import { parse } from '../../../shared/schema'
import { writeFailed } from '../util/atomicWrite'

/** Appends one line and fsyncs, so an epoch reported to the user survives a crash right after. */
export async function appendMetrics(file: string, metrics: EpochMetrics): Promise<void> {
  try {
    const handle = await open(file, 'a')
    try {
      await handle.write(`${JSON.stringify(metrics)}\n`)
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch (err) {
    throw writeFailed(file, err)
  }
}

/** One line's epoch (NaN losses stored as null read back as NaN), or undefined when it is not one. */
function parseLine(line: string): EpochMetrics | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  const checked = parse(epochMetricsSchema, value)
  return checked.ok ? checked.value : undefined
}

export interface MetricsRead {
  history: EpochMetrics[]
  /**
   * What follows the last newline: nothing, a whole record missing only its newline (kept in history),
   * or a write cut short by a crash (ignored).
   */
  tail: 'none' | 'complete' | 'torn'
  /** Bytes up to and including the last newline. */
  cleanBytes: number
}

/** Reads the history; a bad line before the last is damage (UserError RUN_DAMAGED), a bad last line is a torn write. */
export async function readMetrics(file: string): Promise<MetricsRead> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { history: [], tail: 'none', cleanBytes: 0 }
    throw new UserError('RUN_DAMAGED', `Cannot read ${file}: ${(err as Error).message}`, { file })
  }
  // Split on bytes: a torn write may end inside a multi-byte character.
  const cleanBytes = bytes.lastIndexOf(0x0a) + 1
  const lines = bytes.subarray(0, cleanBytes).toString('utf8').split('\n')
  lines.pop()
  const history: EpochMetrics[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    const m = parseLine(line)
    if (!m) throw new UserError('RUN_DAMAGED', `${file}: line ${i + 1} is not a valid epoch record`, { file, line: i + 1 })
    history.push(m)
  })
  if (cleanBytes === bytes.length) return { history, tail: 'none', cleanBytes }
  const last = parseLine(bytes.subarray(cleanBytes).toString('utf8'))
  if (!last) return { history, tail: 'torn', cleanBytes }
  history.push(last)
  return { history, tail: 'complete', cleanBytes }
}

/** Makes the file end with a newline again (dropping a torn last line) so the next append starts cleanly. */
export async function repairMetrics(file: string): Promise<EpochMetrics[]> {
  const { history, tail, cleanBytes } = await readMetrics(file)
  try {
    if (tail === 'torn') await truncate(file, cleanBytes)
    else if (tail === 'complete') await appendFile(file, '\n')
  } catch (err) {
    throw writeFailed(file, err)
  }
  return history
}
