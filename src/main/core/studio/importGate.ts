/**
 * Imports take turns. One import of a gzipped file may hold up to the decompression limit in memory
 * until its real length is known (about 0.4 GB for a 1.5 MB CSV bomb), so imports running side by
 * side multiply the host's peak: eight at once took `serve` to 2.25 GB. Through this gate one
 * import reads at a time and the others wait in order, told so; past a few waiting, more are refused.
 */
import { UserError } from '../../../shared/errors'
import { plural } from '../../../shared/format'
import { importCancelled } from '../datasets/errors'

/** Imports waiting beyond this are refused: a client can retry, while a longer line would only grow. */
export const MAX_WAITING_IMPORTS = 16

interface Waiter {
  admit: () => void
}

export class ImportGate {
  private busy = false
  private readonly waiting: Waiter[] = []

  constructor(private readonly maxWaiting = MAX_WAITING_IMPORTS) {}

  /**
   * Resolves with the function that ends this import's turn once it may read. While it waits,
   * `onWait` is told how many imports are ahead; a cancel through `signal` ends the wait.
   */
  async enter(signal: AbortSignal, onWait: (ahead: number) => void): Promise<() => void> {
    if (signal.aborted) throw importCancelled()
    if (!this.busy) {
      this.busy = true
      return this.leaver()
    }
    if (this.waiting.length >= this.maxWaiting) {
      throw new UserError('busy', `${plural(this.waiting.length + 1, 'import')} are already running or waiting on this host; try again when one has finished`)
    }
    onWait(this.waiting.length + 1)
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          signal.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1)
        reject(importCancelled())
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiting.push(waiter)
    })
    return this.leaver()
  }

  private leaver(): () => void {
    let left = false
    return () => {
      if (left) return
      left = true
      const next = this.waiting.shift()
      if (next) next.admit()
      else this.busy = false
    }
  }
}
