/** Runs at most `max` tasks at once; the others wait their turn, first in first out. */
export class ConcurrencyLimit {
  private active = 0
  private readonly waiting: (() => void)[] = []

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await task()
    } finally {
      // The slot passes straight to the next waiter, so `active` never drops and rises again in between.
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }
}
