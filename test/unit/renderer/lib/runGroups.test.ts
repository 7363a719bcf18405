import { describe, expect, it } from 'vitest'
import { canRerun, effectiveStatus, groupRuns, queueOf } from '../../../../src/renderer/src/lib/runGroups'
import { item, record } from './runFixtures'

const t = (minute: number): string => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`

describe('groupRuns', () => {
  it('groups runs by study, newest group first, a study in creation order, a lone run as its own group', () => {
    const items = [
      item('s1-b', { studyId: 's1', createdAt: t(2) }),
      item('lone', { createdAt: t(5) }),
      item('s1-a', { studyId: 's1', createdAt: t(1) }),
      item('s2-a', { studyId: 's2', createdAt: t(10) })
    ]
    const groups = groupRuns(items)
    expect(groups.map((g) => [g.key, g.runs.map((r) => r.record.id)])).toEqual([
      ['s2', ['s2-a']],
      ['lone', ['lone']],
      ['s1', ['s1-a', 's1-b']]
    ])
    expect(groups[2].newest).toBe(t(2))
  })

  it('lists damaged runs alone, after dated ones', () => {
    const groups = groupRuns([{ record: record('bad', { createdAt: '', studyId: 's1' }), damaged: 'run.json: bad JSON' }, item('ok', { createdAt: t(1) })])
    expect(groups.map((g) => [g.key, g.studyId])).toEqual([
      ['ok', undefined],
      ['bad', undefined]
    ])
  })
})

describe('effectiveStatus and queueOf', () => {
  it('lets live events move a queued or running run on, but keeps a final record status', () => {
    expect(effectiveStatus(record('a', { status: 'queued' }), { status: 'running' })).toBe('running')
    expect(effectiveStatus(record('a', { status: 'running' }), { status: 'finished' })).toBe('finished')
    expect(effectiveStatus(record('a', { status: 'interrupted' }), { status: 'running' })).toBe('interrupted')
    expect(effectiveStatus(record('a', { status: 'queued' }), undefined)).toBe('queued')
  })

  it('lists queued and running runs in creation order', () => {
    const items = [
      item('second', { status: 'queued', createdAt: t(2) }),
      item('done', { status: 'finished', createdAt: t(0) }),
      item('first', { status: 'running', createdAt: t(1) }),
      item('justFinished', { status: 'running', createdAt: t(0) })
    ]
    const live = (id: string) => (id === 'justFinished' ? { status: 'finished' as const } : undefined)
    expect(queueOf(items, live).map((i) => i.record.id)).toEqual(['first', 'second'])
  })
})

describe('canRerun', () => {
  it('offers a re-run for runs that ended without a result, not for active, finished or damaged ones', () => {
    const offered = (['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted', 'damaged'] as const).filter(canRerun)
    expect(offered).toEqual(['failed', 'cancelled', 'interrupted'])
  })
})
