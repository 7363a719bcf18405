/**
 * Progress on stderr for work that runs side by side (two variants training at once, a conversion
 * before them): on a terminal, one line per task, redrawn in place below the permanent lines; in a
 * pipe or a log file, plain lines at a slower pace per task, and always the last step of a task, so
 * logs stay readable and show each task to its end.
 */
export interface ProgressBoardOptions {
  stream?: NodeJS.WriteStream
  /** Least time between redraws on a terminal. */
  intervalMs?: number
  /** Least time between plain lines of one task when the stream is not a terminal; null writes none. */
  plainIntervalMs?: number | null
}

export interface ProgressBoard {
  /** Sets the line of one task; `done`/`total` add a percentage. */
  set(task: string, message: string, done?: number, total?: number): void
  /** Removes a task's line (it finished). */
  clear(task: string): void
  /** Writes a permanent line above the progress lines. */
  log(line: string): void
  /** Removes every progress line. */
  close(): void
}

export function progressBoard({ stream = process.stderr, intervalMs = 200, plainIntervalMs = null }: ProgressBoardOptions = {}): ProgressBoard {
  const tty = stream.isTTY === true
  const lines = new Map<string, string>()
  const lastPlain = new Map<string, number>()
  let drawn = 0
  let lastDraw = 0

  // Lines wider than the terminal would wrap and throw the cursor arithmetic off: cut them.
  const fit = (text: string): string => (stream.columns && text.length >= stream.columns ? `${text.slice(0, stream.columns - 2)}…` : text)
  const erase = (): string => (drawn > 0 ? `\x1b[${drawn}A\r\x1b[J` : '')
  const redraw = (force: boolean): void => {
    const now = Date.now()
    if (!force && now - lastDraw < intervalMs) return
    lastDraw = now
    const body = [...lines.values()].map((l) => `${fit(l)}\n`).join('')
    stream.write(erase() + body)
    drawn = lines.size
  }

  return {
    set(task, message, done, total) {
      const last = done !== undefined && total !== undefined && done >= total
      const text = done !== undefined && total ? `${message} ${Math.floor((100 * done) / total)}%` : message
      if (tty) {
        lines.set(task, text)
        redraw(last)
        return
      }
      if (plainIntervalMs === null) return
      const now = Date.now()
      if (!last && now - (lastPlain.get(task) ?? -Infinity) < plainIntervalMs) return
      lastPlain.set(task, now)
      stream.write(`${text}\n`)
    },
    clear(task) {
      lastPlain.delete(task)
      if (!lines.delete(task) || !tty) return
      redraw(true)
    },
    log(line) {
      if (!tty) {
        stream.write(`${line}\n`)
        return
      }
      stream.write(`${erase()}${line}\n`)
      drawn = 0
      redraw(true)
    },
    close() {
      lines.clear()
      if (tty && drawn > 0) stream.write(erase())
      drawn = 0
    }
  }
}
