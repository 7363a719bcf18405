/**
 * A trainer process killed from outside mid-epoch (the OOM killer, a user's `kill -9`) while browser
 * mode has more runs queued: that run fails with the reason, the next one trains, the host answers.
 * The host itself killed mid-run is in test/e2e/faults.e2e.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../../../../src/shared/results'
import { startServe, type ServeHandle } from '../../../../src/main/serve/startServe'
import { quickSpec, tinyCsv } from '../../../e2e/support/tinyDataset'
import { fakeRenderer, TestSocket, uploadDataset } from './helpers'

/** Trainer processes this process started (they run src/main/core/training/nodeTrainerEntry.ts). */
function trainerPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)]).toString()
  return out
    .split('\n')
    .filter((line) => line.includes('nodeTrainerEntry.ts'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
}

describe.skipIf(process.platform !== 'linux')('regstudio serve when a trainer dies', () => {
  let dir: string
  let server: ServeHandle

  beforeAll(async () => {
    // One lane, so the second run waits in the queue and the only trainer is the victim's.
    dir = await mkdtemp(join(tmpdir(), 'regstudio-serve-faults-'))
    server = await startServe({ workspace: join(dir, 'ws'), cacheDir: join(dir, 'cache'), rendererDir: await fakeRenderer(dir), port: 0, concurrency: 1 })
  })

  afterAll(async () => {
    await server?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('fails the run whose trainer is killed mid-epoch, with the reason, and trains the next queued run', async () => {
    const socket = await TestSocket.open(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {}, server.origin)
    const datasetId = await uploadDataset(server, socket, [['tiny-train.csv', tinyCsv(6)], ['tiny-test.csv', tinyCsv(2, 3)]])
    const study = await socket.request('runs.startStudy', {
      datasetId,
      specs: [{ ...quickSpec(), name: 'victim', epochs: 500, batchSize: 8 }, { ...quickSpec(), name: 'next' }],
      backend: 'cpu'
    })
    if (!study.ok) throw new Error(study.error.message)
    const [victim, next] = (study.result as { runs: RunRecord[] }).runs

    // Mid-epoch: after the first epoch, during the batches of the second.
    await socket.waitForEvent((e) => e.type === 'run.epoch' && e.runId === victim.id)
    await socket.waitForEvent((e) => e.type === 'run.progress' && e.runId === victim.id && e.progress.epoch === 2)
    const pids = trainerPids()
    expect(pids).toHaveLength(1)
    process.kill(pids[0], 'SIGKILL')

    const failed = await socket.waitForEvent((e) => e.type === 'run.failed' && e.runId === victim.id)
    expect(failed).toMatchObject({ type: 'run.failed', error: 'trainer process exited unexpectedly (code null): killed by SIGKILL' })
    const nextEnd = await socket.waitForEvent((e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === next.id)
    expect(nextEnd).toMatchObject({ type: 'run.finished', record: { status: 'finished', epochsRun: 1 } })

    const details = await socket.request('runs.get', { runId: victim.id })
    if (!details.ok) throw new Error(details.error.message)
    const record = (details.result as { record: RunRecord; history: unknown[] }).record
    expect(record).toMatchObject({ status: 'failed', error: 'trainer process exited unexpectedly (code null): killed by SIGKILL' })
    expect(record.epochsRun).toBeGreaterThanOrEqual(1)
    expect((details.result as { history: unknown[] }).history.length).toBe(record.epochsRun)
    expect(await socket.request('host.info', {})).toMatchObject({ ok: true })
    socket.close()
  })
})
