/**
 * One self-overwriting progress line on a terminal. When stderr is a pipe or a log file, plain lines
 * are written at a slower pace (or not at all), so logs stay readable and errors stay one line.
 */
export interface ProgressLineOptions {
  stream?: NodeJS.WriteStream
  intervalMs?: number
  /** Pace of plain lines when the stream is not a terminal; null writes none. */
  plainIntervalMs?: number | null
}

export function progressLine({ stream = process.stderr, intervalMs = 200, plainIntervalMs = null }: ProgressLineOptions = {}) {
  const tty = stream.isTTY === true
  const interval = tty ? intervalMs : plainIntervalMs
  let last = 0
  let shown = false
  return {
    update(message: string, done?: number, total?: number): void {
      if (interval === null) return
      const now = Date.now()
      if (now - last < interval) return
      last = now
      const pct = done !== undefined && total ? ` ${Math.floor((100 * done) / total)}%` : ''
      if (tty) {
        stream.write(`\r\x1b[2K${message}${pct}`)
        shown = true
      } else stream.write(`${message}${pct}\n`)
    },
    done(): void {
      if (shown) stream.write('\n')
      shown = false
    }
  }
}
