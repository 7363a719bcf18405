import { describe, expect, it } from 'vitest'
import { LiveRuns } from '../../../../src/renderer/src/state/liveRuns.svelte'
import { history, record } from '../lib/runFixtures'

const BACKEND = { name: 'cpu' as const, package: '@tensorflow/tfjs', reason: 'forced', threads: 1 }

describe('LiveRuns', () => {
  it('grows a run from its events: queued, running with progress, epochs, then its end', () => {
    const live = new LiveRuns()
    live.apply({ type: 'run.queued', runId: 'a', name: 'a' })
    live.apply({ type: 'run.started', runId: 'a', backend: BACKEND })
    const [first, second] = history(2)
    live.apply({ type: 'run.epoch', runId: 'a', metrics: first })
    const before = live.byId.get('a')?.history
    live.apply({ type: 'run.epoch', runId: 'a', metrics: second })
    expect(live.byId.get('a')).toMatchObject({ status: 'running', backend: BACKEND, history: [first, second] })
    // A new array each epoch, so charts that compare by identity redraw.
    expect(live.byId.get('a')?.history).not.toBe(before)
    live.apply({ type: 'run.failed', runId: 'a', error: 'trainer exited' })
    expect(live.byId.get('a')).toMatchObject({ status: 'failed', error: 'trainer exited' })
  })

  it('keeps the running training values of each progress report as batch points, through a resync', () => {
    const live = new LiveRuns()
    const progress = (batch: number) => ({ epoch: 1, epochs: 2, batch, batches: 4, loss: 1 / batch, accuracy: 0.1 * batch, etaMs: 1, msPerStep: 1 })
    live.apply({ type: 'run.queued', runId: 'a', name: 'a' })
    live.apply({ type: 'run.progress', runId: 'a', progress: progress(2) })
    live.apply({ type: 'run.progress', runId: 'a', progress: progress(4) })
    expect(live.byId.get('a')?.batches).toEqual([
      { x: 0.5, loss: 0.5, accuracy: 0.2 },
      { x: 1, loss: 0.25, accuracy: 0.4 }
    ])
    live.resync(record('a', { status: 'running', epochsRun: 1 }), history(1))
    expect(live.byId.get('a')?.batches).toHaveLength(2)
    live.apply({ type: 'run.queued', runId: 'a', name: 'a' })
    expect(live.byId.get('a')?.batches).toBeUndefined()
  })

  it('after a lost connection takes the host record, keeping epochs and an end heard after the host read it', () => {
    const all = history(6)
    const live = new LiveRuns()
    live.apply({ type: 'run.started', runId: 'a', backend: BACKEND })
    live.apply({ type: 'run.epoch', runId: 'a', metrics: all[0] })
    // Epochs 2-4 were sent while the tab was disconnected; 6 arrived on the new connection.
    live.apply({ type: 'run.epoch', runId: 'a', metrics: all[5] })
    live.resync(record('a', { status: 'running', backend: BACKEND, epochsRun: 5 }), all.slice(0, 5))
    expect(live.byId.get('a')?.history.map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5, 6])
    expect(live.byId.get('a')?.status).toBe('running')

    live.apply({ type: 'run.finished', runId: 'a', record: record('a') })
    live.resync(record('a', { status: 'running', epochsRun: 6 }), all)
    expect(live.byId.get('a')?.status).toBe('finished')

    live.apply({ type: 'run.progress', runId: 'b', progress: { epoch: 2, epochs: 9, batch: 1, batches: 10, loss: 1, accuracy: 0.5, etaMs: 1, msPerStep: 1 } })
    live.resync(record('b', { status: 'interrupted', epochsRun: 1 }), all.slice(0, 1))
    expect(live.byId.get('b')).toMatchObject({ status: 'interrupted', progress: undefined, history: all.slice(0, 1) })
  })
})
