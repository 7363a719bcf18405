import { describe, expect, it } from 'vitest'
import { canRerun, effectiveStatus, groupRuns, queueOf, statusTally, studyEntries } from '../../../../src/renderer/src/lib/runGroups'
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

describe('studyEntries', () => {
  const run = (id: string, name: string, seed: number) => {
    const r = item(id, { name, studyId: 's1' })
    return { ...r, record: { ...r.record, spec: { ...r.record.spec, name, seed } } }
  }

  it('keeps a re-run of a variant (the same seed again) as its own run, not as a repeat', () => {
    const entries = studyEntries([run('w1', 'waiting', 42), run('l', 'long', 42), run('w2', 'waiting', 42)])
    expect(entries.map((e) => (e.kind === 'run' ? e.item.record.id : e.name))).toEqual(['w1', 'l', 'w2'])
  })

  it('gathers the repeats of each variant where it first appears, by seed; a variant run once stays a run', () => {
    const entries = studyEntries([run('b2', 'baseline', 43), run('d2', 'dropout', 43), run('b1', 'baseline', 42), run('l', 'l2', 42), run('d1', 'dropout', 42)])
    expect(entries.map((e) => (e.kind === 'run' ? e.item.record.id : `${e.name}: ${e.runs.map((r) => r.record.id).join(' ')}`))).toEqual([
      'baseline: b1 b2',
      'dropout: d1 d2',
      'l'
    ])
  })

  it('names each repeat by its seed as Compare does, numbering tries that share a seed', () => {
    const tried = { ...run('b42again', 'baseline', 42), record: { ...run('b42again', 'baseline', 42).record, createdAt: '2026-01-02T00:00:00.000Z' } }
    const [entry] = studyEntries([run('b43', 'baseline', 43), tried, run('b42', 'baseline', 42)])
    expect(entry.kind === 'repeats' && entry.runs.map((r, i) => `${r.record.id}: ${entry.names[i]}`)).toEqual([
      'b42again: baseline · seed 42 #2',
      'b42: baseline · seed 42 #1',
      'b43: baseline · seed 43'
    ])
  })

  it('lists a study without repeats as its runs', () => {
    expect(studyEntries([run('a', 'a', 1), run('b', 'b', 1)]).map((e) => e.kind)).toEqual(['run', 'run'])
  })
})

describe('statusTally', () => {
  it('counts each status, finished first, lost runs after', () => {
    expect(statusTally(['cancelled', 'finished', 'failed', 'finished', 'running'])).toBe('2 finished, 1 running, 1 cancelled, 1 failed')
    expect(statusTally([])).toBe('')
  })
})
