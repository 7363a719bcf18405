import { describe, expect, it } from 'vitest'
import { ConcurrencyLimit } from '../../../../../src/main/core/util/concurrencyLimit'

describe('ConcurrencyLimit', () => {
  it('runs at most max tasks at once, in arrival order, and passes on results and errors', async () => {
    const limit = new ConcurrencyLimit(3)
    let active = 0
    let peak = 0
    const started: number[] = []
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit
          .run(async () => {
            started.push(i)
            peak = Math.max(peak, ++active)
            await new Promise((resolve) => setTimeout(resolve, 1 + (i % 4)))
            active--
            if (i === 7) throw new Error('task 7 failed')
            return i * 2
          })
          .catch((err: Error) => err.message)
      )
    )
    expect(peak).toBe(3)
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(results[7]).toBe('task 7 failed')
    expect(results.filter((r) => typeof r === 'number')).toHaveLength(19)
    // A failed task frees its slot: later tasks still run.
    expect(await limit.run(async () => 'after')).toBe('after')
  })
})
