import { describe, expect, it } from 'vitest'
import { assertRunId, isRunId, newRunId } from '../../../../../src/main/core/runs/runId'
import { UserError } from '../../../../../src/shared/errors'

describe('run ids', () => {
  it('start with the UTC time and sort by it', () => {
    const early = newRunId(new Date('2025-03-01T14:30:15.123Z'))
    const late = newRunId(new Date('2025-03-01T14:30:15.124Z'))
    expect(early).toMatch(/^20250301-143015-123-[0-9a-f]{6}$/)
    expect([late, early].sort()).toEqual([early, late])
  })

  it('differ when made at the same instant', () => {
    const at = new Date()
    const ids = new Set(Array.from({ length: 200 }, () => newRunId(at)))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(isRunId(id)).toBe(true)
  })

  it.each(['', '..', '.', '../x', 'a/b', 'a\\b', 'C:', 'run.json', 'a b', 'é', 'x'.repeat(129)])('refuses %j', (id) => {
    expect(isRunId(id)).toBe(false)
    expect(() => assertRunId(id)).toThrow(UserError)
  })

  it('refuses non-strings with a readable message', () => {
    expect(() => assertRunId(42)).toThrow('Invalid run id number: only letters, digits')
    expect(assertRunId('20250301-143015-123-abcdef')).toBe('20250301-143015-123-abcdef')
  })
})
