import { describe, expect, it } from 'vitest'
import { defaultSelection } from '../../../src/shared/runSelection'
import { item } from '../renderer/lib/runFixtures'

const t = (minute: number): string => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`

describe('defaultSelection', () => {
  it('picks the finished runs of the newest study when the newest finished run is in one', () => {
    const items = [
      item('old', { name: 'baseline', createdAt: t(0) }),
      item('s-a', { name: 'baseline', studyId: 's', createdAt: t(1) }),
      item('s-b', { name: 'l1', studyId: 's', createdAt: t(2) }),
      item('s-c', { name: 'l2', studyId: 's', createdAt: t(3), status: 'failed' }),
      item('running', { name: 'x', createdAt: t(9), status: 'running' })
    ]
    expect(defaultSelection(items)).toEqual(['s-a', 's-b'])
  })

  it('else picks the newest finished run of each variant name', () => {
    const items = [
      item('b1', { name: 'baseline', createdAt: t(0) }),
      item('d1', { name: 'dropout', createdAt: t(1) }),
      item('b2', { name: 'baseline', createdAt: t(2) })
    ]
    expect(defaultSelection(items)).toEqual(['d1', 'b2'])
    expect(defaultSelection([item('q', { status: 'queued' })])).toEqual([])
  })

  it('takes the runs of each name only on the data of the newest run', () => {
    const other = { source: 'other data', fingerprint: 'e'.repeat(64), train: 90, validation: 10, test: 20 }
    const items = [
      item('l1-other', { name: 'l1', createdAt: t(0), dataset: other }),
      item('d-same', { name: 'dropout', createdAt: t(1) }),
      item('b-same', { name: 'baseline', createdAt: t(2) })
    ]
    expect(defaultSelection(items)).toEqual(['d-same', 'b-same'])
  })
})
