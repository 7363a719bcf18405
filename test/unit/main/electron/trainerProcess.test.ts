import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunDetails, StudioEvent } from '../../../../src/shared/api'
import { PRESETS } from '../../../../src/shared/presets'
import type { Studio } from '../../../../src/main/core/studio/studio'
import type { HostMessage, WorkerMessage } from '../../../../src/main/core/training/protocol'
import { utilityTrainerSpawner } from '../../../../src/main/electron/trainerProcess'
import { outcome } from '../core/reports/fixtures'
import { createStudio, nextEvent, tempDir, writeCsvDataset } from '../ipc/studioFixture'
import { utilityProcess } from './electronMock'
import { localExecutor } from '../../../../src/main/core/studio/localExecutor'

vi.mock('electron', () => import('./electronMock'))

/** Electron's UtilityProcess as the trainer host sees it: postMessage, 'message', 'exit', stderr. */
class FakeUtilityProcess extends EventEmitter {
  readonly stderr = new EventEmitter()
  readonly posted: HostMessage[] = []
  killed = false
  constructor(private readonly onPost: (p: FakeUtilityProcess, m: HostMessage) => void = () => {}) {
    super()
  }
  postMessage(message: HostMessage): void {
    this.posted.push(message)
    setImmediate(() => this.onPost(this, message))
  }
  kill(): boolean {
    this.killed = true
    return true
  }
  reply(message: WorkerMessage): void {
    this.emit('message', message)
  }
}

describe('utilityTrainerSpawner', () => {
  beforeEach(() => utilityProcess.fork.mockReset())

  it('forks the built trainer entry as a utility process with stderr piped', () => {
    const child = new FakeUtilityProcess()
    utilityProcess.fork.mockReturnValue(child)
    utilityTrainerSpawner()()
    const [entry, args, options] = utilityProcess.fork.mock.calls[0]
    expect(entry).toBe(join(__dirname, '../../../../src/main/electron/trainer.js'))
    expect(args).toEqual([])
    expect(options).toMatchObject({ stdio: ['ignore', 'ignore', 'pipe'] })
  })

  it('adapts postMessage, message and exit to a TrainerProcess', () => {
    const child = new FakeUtilityProcess()
    utilityProcess.fork.mockReturnValue(child)
    const proc = utilityTrainerSpawner('/app/out/main/trainer.js')()
    const messages: WorkerMessage[] = []
    const exits: [number | null, string][] = []
    proc.onMessage((m) => messages.push(m))
    proc.onExit((code, detail) => exits.push([code, detail]))

    proc.send({ type: 'cancel' })
    expect(child.posted).toEqual([{ type: 'cancel' }])
    child.reply({ type: 'failed', error: 'x' })
    expect(messages).toEqual([{ type: 'failed', error: 'x' }])

    child.stderr.emit('data', Buffer.from('loading\nRangeError: Array buffer allocation failed\n'))
    child.emit('exit', 1)
    expect(exits).toEqual([[1, 'RangeError: Array buffer allocation failed']])
    // Once it has exited, nothing is sent to it or killed.
    proc.send({ type: 'cancel' })
    proc.kill()
    expect(child.posted).toHaveLength(1)
    expect(child.killed).toBe(false)
  })

  it('names a V8 fatal error in the exit detail', () => {
    const child = new FakeUtilityProcess()
    utilityProcess.fork.mockReturnValue(child)
    const proc = utilityTrainerSpawner('/t.js')()
    let detail = ''
    proc.onExit((_code, d) => (detail = d))
    child.emit('error', 'FatalError', 'Ineffective mark-compacts near heap limit', '')
    child.emit('exit', 134)
    expect(detail).toBe('V8 FatalError: Ineffective mark-compacts near heap limit')
  })
})

describe('a trainer utility process that dies mid-run', () => {
  let dir: { dir: string; cleanup: () => Promise<void> }
  let studio: Studio

  beforeEach(async () => {
    utilityProcess.fork.mockReset()
    dir = await tempDir()
    studio = createStudio(dir.dir, { executor: localExecutor(utilityTrainerSpawner('/app/out/main/trainer.js')), allowPath: () => true })
    await studio.init()
  })

  afterEach(async () => {
    await studio.dispose()
    await dir.cleanup()
  })

  const crashAfterOneEpoch = () =>
    new FakeUtilityProcess((p, m) => {
      if (m.type !== 'start') return
      p.reply({ type: 'backend', choice: { name: 'cpu', package: '@tensorflow/tfjs', reason: 'test', threads: 1 } })
      p.reply({ type: 'epoch', metrics: outcome().history[0] })
      p.stderr.emit('data', Buffer.from('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n'))
      setTimeout(() => p.emit('exit', 134), 20)
    })

  const finishNormally = () =>
    new FakeUtilityProcess((p, m) => {
      if (m.type !== 'start') return
      const result = outcome()
      p.reply({ type: 'backend', choice: { name: 'cpu', package: '@tensorflow/tfjs', reason: 'test', threads: 1 } })
      for (const metrics of result.history) p.reply({ type: 'epoch', metrics })
      p.reply({ type: 'finished', outcome: result })
      setTimeout(() => p.emit('exit', 0), 5)
    })

  it('fails the run with the reason, keeps its epochs, and the studio goes on', async () => {
    utilityProcess.fork.mockImplementationOnce(crashAfterOneEpoch).mockImplementationOnce(finishNormally)
    const imported = await studio.handle('datasets.importFiles', { paths: await writeCsvDataset(dir.dir) })
    if (!imported.ok) throw new Error(imported.error.message)
    const datasetId = (imported.result as { id: string }).id
    const spec = { ...PRESETS.seed[0], epochs: 3 }

    const failed = nextEvent(studio, (e) => e.type === 'run.failed')
    const first = await studio.handle('runs.start', { datasetId, spec })
    const event = (await failed) as Extract<StudioEvent, { type: 'run.failed' }>
    expect(event.error).toBe('trainer process exited unexpectedly (code 134): FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')
    const details = (await studio.handle('runs.get', { runId: event.runId })) as { ok: true; result: RunDetails }
    expect(first).toMatchObject({ ok: true, result: { id: event.runId } })
    expect(details.result.record.status).toBe('failed')
    expect(details.result.history).toHaveLength(1)

    const finished = nextEvent(studio, (e) => e.type === 'run.finished')
    expect(await studio.handle('runs.start', { datasetId, spec })).toMatchObject({ ok: true })
    await finished
    expect(utilityProcess.fork).toHaveBeenCalledTimes(2)
    expect(await studio.handle('specs.presets', {})).toMatchObject({ ok: true })
  })
})
