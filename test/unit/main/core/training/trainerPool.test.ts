import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '../../../../../src/shared/results'
import type { ModelSpec } from '../../../../../src/shared/spec'
import type { TrainJob } from '../../../../../src/main/core/training/protocol'
import { spawnNodeTrainer, type TrainerProcess, type TrainerResult } from '../../../../../src/main/core/training/trainerHost'
import { TrainerPool } from '../../../../../src/main/core/training/trainerPool'
import { smallSpec } from '../../../../support/synthetic'
import { tinyDatasetFolder, writeTinyDataset } from '../../../../support/tinyDataset'

const tiny = tinyDatasetFolder('regstudio-pool-')

function job(runId: string, overrides: Partial<TrainJob> = {}): TrainJob {
  return { runId, spec: smallSpec({ epochs: 2 }), datasetFile: tiny.datasetFile, splitSeed: 7, backend: 'cpu', ...overrides }
}

/** Real trainer processes, each with whether it has exited. */
function trackedSpawn(): { spawn: () => TrainerProcess; procs: { proc: TrainerProcess; exited: boolean }[] } {
  const procs: { proc: TrainerProcess; exited: boolean }[] = []
  const spawn = (): TrainerProcess => {
    const entry = { proc: spawnNodeTrainer(), exited: false }
    entry.proc.onExit(() => (entry.exited = true))
    procs.push(entry)
    return entry.proc
  }
  return { spawn, procs }
}

function finished(result: TrainerResult): Extract<TrainerResult, { status: 'finished' }> {
  if (result.status !== 'finished') throw new Error(`the run ${result.status}${result.status === 'failed' ? `: ${result.error}` : ''}`)
  return result
}

/** What must not depend on the process: every number but the wall times. */
function withoutTimes(history: EpochMetrics[]): Omit<EpochMetrics, 'ms'>[] {
  return history.map(({ ms: _ms, ...rest }) => rest)
}

const until = async (condition: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('TrainerPool', () => {
  it('gives a run the same history, evaluation, model.json and weights in a reused wasm process as in a fresh one', async () => {
    const withDropout = (seed: number): ModelSpec =>
      smallSpec({
        seed,
        epochs: 2,
        layers: [
          { type: 'dense', units: 32, activation: 'relu', l2: 0.001 },
          { type: 'dropout', rate: 0.3 },
          { type: 'dense', units: 10, activation: 'softmax' }
        ]
      })
    const b = (modelDir: string): TrainJob => job('b', { spec: withDropout(42), backend: 'wasm', threads: 2, modelDir })

    const fresh = new TrainerPool(spawnNodeTrainer, { size: 1 })
    const reused = new TrainerPool(spawnNodeTrainer, { size: 1 })
    try {
      const alone = finished(await fresh.run(b(join(tiny.dir, 'fresh'))))
      finished(await reused.run(job('a', { spec: withDropout(7), backend: 'wasm', threads: 2, splitSeed: 3, modelDir: join(tiny.dir, 'a') })))
      const after = finished(await reused.run(b(join(tiny.dir, 'reused'))))
      expect(reused.counts).toEqual({ spawned: 1, reused: 1 })

      expect(withoutTimes(after.outcome.history)).toEqual(withoutTimes(alone.outcome.history))
      expect(after.outcome.evaluation).toEqual(alone.outcome.evaluation)
      expect(after.outcome.misclassified).toEqual(alone.outcome.misclassified)
      const modelJson = async (name: string): Promise<unknown> => {
        const { modelTopology, weightsManifest } = JSON.parse(await readFile(join(tiny.dir, name, 'model.json'), 'utf8'))
        return { modelTopology, weightsManifest }
      }
      expect(await modelJson('reused')).toEqual(await modelJson('fresh'))
      expect((await readFile(join(tiny.dir, 'reused', 'weights.bin'))).equals(await readFile(join(tiny.dir, 'fresh', 'weights.bin')))).toBe(true)
    } finally {
      await Promise.all([fresh.close(), reused.close()])
    }
  })

  it('keeps a process only for runs of its backend and threads, within its size', async () => {
    const { spawn, procs } = trackedSpawn()
    const pool = new TrainerPool(spawn, { size: 1 })
    try {
      finished(await pool.run(job('1')))
      finished(await pool.run(job('2')))
      expect(procs).toHaveLength(1)
      finished(await pool.run(job('3', { threads: 1 })))
      expect(procs).toHaveLength(2)
      // Size 1: the cpu/all-threads process made room for the one-thread one.
      await until(() => procs[0].exited)
      expect(procs[1].exited).toBe(false)
    } finally {
      await pool.close()
    }
    expect(procs.every((p) => p.exited)).toBe(true)
  })

  it('fails only the run whose process dies; the next run gets a fresh process', async () => {
    const { spawn, procs } = trackedSpawn()
    const pool = new TrainerPool(spawn, { size: 1 })
    try {
      finished(await pool.run(job('1')))
      const crashed = await pool.run(job('2', { spec: smallSpec({ epochs: 200 }) }), {
        onEpoch: (m) => (m.epoch === 1 ? procs[0].proc.kill() : undefined)
      })
      expect(crashed).toMatchObject({ status: 'failed', error: expect.stringMatching(/trainer process exited unexpectedly/) })
      finished(await pool.run(job('3')))
      expect(procs).toHaveLength(2)
    } finally {
      await pool.close()
    }
  })

  it('discards the process of a cancelled or failed run', async () => {
    const { spawn, procs } = trackedSpawn()
    const pool = new TrainerPool(spawn, { size: 1 })
    try {
      const controller = new AbortController()
      const cancelled = await pool.run(
        job('1', { spec: smallSpec({ epochs: 200 }) }),
        { onEpoch: (m) => (m.epoch === 1 ? controller.abort() : undefined) },
        controller.signal
      )
      expect(cancelled.status).toBe('cancelled')
      const failed = await pool.run(job('2', { datasetFile: join(tiny.dir, 'missing.rsds') }))
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('missing.rsds') })
      finished(await pool.run(job('3')))
      expect(procs).toHaveLength(3)
      await until(() => procs[0].exited && procs[1].exited)
    } finally {
      await pool.close()
    }
  })

  it('reads a dataset file again in a kept process when the file changed', async () => {
    const file = join(tiny.dir, 'changing.rsds')
    await writeTinyDataset(file, 400, 100)
    const pool = new TrainerPool(spawnNodeTrainer, { size: 1 })
    const tested = (result: TrainerResult): number => finished(result).outcome.evaluation.confusion.flat().reduce((a, b) => a + b, 0)
    try {
      expect(tested(await pool.run(job('1', { datasetFile: file })))).toBe(100)
      await writeTinyDataset(file, 400, 60)
      expect(tested(await pool.run(job('2', { datasetFile: file })))).toBe(60)
      expect(pool.counts).toEqual({ spawned: 1, reused: 1 })
    } finally {
      await pool.close()
    }
  })

  it('closes a process after its idle time and replaces one after its run limit', async () => {
    const { spawn, procs } = trackedSpawn()
    const pool = new TrainerPool(spawn, { size: 1, idleMs: 300, maxRuns: 2 })
    try {
      finished(await pool.run(job('1')))
      finished(await pool.run(job('2')))
      // Two runs: replaced.
      await until(() => procs[0].exited)
      finished(await pool.run(job('3')))
      expect(procs).toHaveLength(2)
      await until(() => procs[1].exited, 5000)
      expect(pool.rssAfterRuns.length).toBeGreaterThanOrEqual(2)
      expect(Math.min(...pool.rssAfterRuns)).toBeGreaterThan(10e6)
    } finally {
      await pool.close()
    }
  })
})
