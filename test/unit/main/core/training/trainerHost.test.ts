import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '../../../../../src/shared/results'
import type { TrainJob } from '../../../../../src/main/core/training/protocol'
import { runTrainer, spawnNodeTrainer, type TrainerProcess } from '../../../../../src/main/core/training/trainerHost'
import { smallSpec } from '../../../../support/synthetic'
import { tinyDatasetFolder } from '../../../../support/tinyDataset'

const tiny = tinyDatasetFolder('regstudio-host-')

function job(overrides: Partial<TrainJob> = {}): TrainJob {
  return { runId: 'r1', spec: smallSpec({ epochs: 3 }), datasetFile: tiny.datasetFile, splitSeed: 7, backend: 'cpu', ...overrides }
}

describe('runTrainer', () => {
  it('trains in a child process, streams epochs in order and saves the model', async () => {
    const epochs: EpochMetrics[] = []
    let backendName = ''
    const modelDir = join(tiny.dir, 'model')
    const result = await runTrainer(spawnNodeTrainer, job({ modelDir }), {
      onBackend: (b) => (backendName = b.name),
      onEpoch: (m) => {
        epochs.push(m)
      }
    })
    expect(result.status).toBe('finished')
    if (result.status !== 'finished') return
    expect(backendName).toBe('cpu')
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(result.outcome.history).toEqual(epochs)
    expect(result.outcome.evaluation.testAccuracy).toBeGreaterThan(0.3)
    expect(result.outcome.evaluation.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100)
    expect((await stat(join(modelDir, 'model.json'))).isFile()).toBe(true)
    expect((await stat(join(modelDir, 'weights.bin'))).size).toBeGreaterThan(4 * 784 * 32)
  })

  it('cancels after the current batch and keeps the epochs already done', async () => {
    const controller = new AbortController()
    const result = await runTrainer(
      spawnNodeTrainer,
      job({ spec: smallSpec({ epochs: 200 }) }),
      { onEpoch: (m) => (m.epoch === 2 ? controller.abort() : undefined) },
      controller.signal
    )
    expect(result.status).toBe('cancelled')
    if (result.status !== 'cancelled') return
    expect(result.history.length).toBeGreaterThanOrEqual(2)
    expect(result.history.length).toBeLessThan(200)
    expect(result.history[0].epoch).toBe(1)
  })

  it('fails the run with a message when the trainer process dies mid-run', async () => {
    let proc: TrainerProcess | undefined
    const spawn = (): TrainerProcess => (proc = spawnNodeTrainer())
    const result = await runTrainer(spawn, job({ spec: smallSpec({ epochs: 200 }) }), {
      onEpoch: (m) => (m.epoch === 1 ? proc?.kill() : undefined)
    })
    expect(result.status).toBe('failed')
    if (result.status !== 'failed') return
    expect(result.error).toMatch(/trainer process exited unexpectedly/)
    expect(result.history.map((h) => h.epoch)).toContain(1)
  })

  it('fails the run and stops the trainer when an epoch cannot be stored, instead of hanging', async () => {
    let exited = false
    const spawn = (): TrainerProcess => {
      const proc = spawnNodeTrainer()
      proc.onExit(() => (exited = true))
      return proc
    }
    const result = await runTrainer(spawn, job({ spec: smallSpec({ epochs: 200 }) }), {
      onEpoch: async (m) => {
        if (m.epoch === 2) throw new Error('Cannot write /ws/runs/r1/metrics.jsonl: no space left on the device')
      }
    })
    expect(result).toMatchObject({
      status: 'failed',
      error: 'could not store epoch 2: Cannot write /ws/runs/r1/metrics.jsonl: no space left on the device'
    })
    if (result.status === 'failed') expect(result.history.map((h) => h.epoch)).toEqual([1, 2])
    expect(exited).toBe(true)
  })

  it('reports a bad job as a failure, not a crash of the host', async () => {
    const result = await runTrainer(spawnNodeTrainer, job({ datasetFile: join(tiny.dir, 'missing.rsds') }))
    expect(result.status).toBe('failed')
    if (result.status !== 'failed') return
    expect(result.error).toContain('missing.rsds')
  })
})
