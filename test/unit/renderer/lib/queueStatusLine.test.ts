import { describe, expect, it } from 'vitest'
import { queueStatusLine } from '../../../../src/renderer/src/lib/queueStatusLine'

describe('queueStatusLine', () => {
  it('says runs train here without a queue, and why when the saved queue did not answer at start', () => {
    expect(queueStatusLine({ mode: 'local', workers: [] })).toEqual({ text: 'training here', tone: 'local', details: ['Runs train on this machine.'] })
    const failed = queueStatusLine({ mode: 'local', workers: [], url: 'redis://:***@box:6379', problem: 'cannot reach Redis at redis://:***@box:6379: ECONNREFUSED' })
    expect(failed).toMatchObject({ text: 'queue unreachable · training here', tone: 'warn' })
    expect(failed.details[0]).toContain('ECONNREFUSED')
  })

  it('names the queue, its workers and jobs, and a saved setting waiting for the next start', () => {
    const line = queueStatusLine({ mode: 'queue', url: 'redis://:***@box:6379', reachable: true, workers: ['a:1', 'b:2'], waiting: 3, active: 2, saved: { url: null } })
    expect(line.text).toBe('queue redis://:***@box:6379 · 2 workers')
    expect(line.tone).toBe('ok')
    expect(line.details).toEqual([
      'Runs go to the workers of the queue on redis://:***@box:6379 (connected).',
      'Workers: a:1, b:2.',
      'Jobs on the queue: 3 waiting, 2 training.',
      'Saved setting: no queue; applies when the app next starts.'
    ])
    expect(queueStatusLine({ mode: 'queue', url: 'redis://box', reachable: true, workers: [] })).toMatchObject({ text: 'queue redis://box · 0 workers', tone: 'warn' })
    expect(queueStatusLine({ mode: 'queue', url: 'redis://box', reachable: false, problem: 'cannot reach Redis at redis://box: no answer', workers: [] })).toEqual({
      text: 'queue redis://box · unreachable',
      tone: 'warn',
      details: ['cannot reach Redis at redis://box: no answer']
    })
  })
})
