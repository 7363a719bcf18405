import { describe, expect, it } from 'vitest'
import { progressBoard } from '../../../../src/main/cli/progressBoard'

/** A stream that records what was written, as a terminal or a pipe. */
function fakeStream(isTTY: boolean, columns = 80) {
  const writes: string[] = []
  const stream = { isTTY, columns, write: (chunk: string) => writes.push(chunk) > 0 } as unknown as NodeJS.WriteStream
  return { stream, writes }
}

/** What a terminal shows after the writes: cursor-up and erase-below applied to a list of lines. */
function screen(writes: string[]): string[] {
  const lines: string[] = []
  let row = 0
  for (const token of writes.join('').split(/(\x1b\[\d+A|\r|\x1b\[J|\n)/)) {
    if (token === '') continue
    const up = /^\x1b\[(\d+)A$/.exec(token)
    if (up) row -= Number(up[1])
    else if (token === '\x1b[J') lines.length = row
    else if (token === '\n') row++
    else if (token !== '\r') lines[row] = (lines[row] ?? '') + token
  }
  return lines.slice(0, row).map((l) => l ?? '')
}

describe('progressBoard', () => {
  it('keeps one line per running task on a terminal, below the permanent lines', () => {
    const { stream, writes } = fakeStream(true)
    const board = progressBoard({ stream, intervalMs: 0 })
    board.set('baseline', 'baseline: batch 1/10')
    board.set('dropout', 'dropout: batch 1/10')
    board.set('baseline', 'baseline: batch 2/10')
    expect(screen(writes)).toEqual(['baseline: batch 2/10', 'dropout: batch 1/10'])
    board.log('baseline: epoch 1 loss 0.5')
    expect(screen(writes)).toEqual(['baseline: epoch 1 loss 0.5', 'baseline: batch 2/10', 'dropout: batch 1/10'])
    board.clear('baseline')
    expect(screen(writes)).toEqual(['baseline: epoch 1 loss 0.5', 'dropout: batch 1/10'])
    board.close()
    expect(screen(writes)).toEqual(['baseline: epoch 1 loss 0.5'])
  })

  it('cuts lines to the terminal width so redraws stay in place', () => {
    const { stream, writes } = fakeStream(true, 20)
    const board = progressBoard({ stream, intervalMs: 0 })
    board.set('a', 'x'.repeat(50))
    expect(screen(writes)[0]).toHaveLength(19)
  })

  it('writes plain lines in a pipe, throttled per task, and always the last step of a task', () => {
    const { stream, writes } = fakeStream(false)
    const board = progressBoard({ stream, plainIntervalMs: 60_000 })
    for (let done = 1; done <= 10; done++) board.set('dataset', `Converted class ${done - 1}`, done, 10)
    board.set('baseline', 'baseline: batch 1/10')
    board.set('baseline', 'baseline: batch 2/10')
    expect(writes).toEqual(['Converted class 0 10%\n', 'Converted class 9 100%\n', 'baseline: batch 1/10\n'])
    expect(writes.every((w) => !w.includes('\x1b'))).toBe(true)
  })
})
