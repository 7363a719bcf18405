import type * as tfjs from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { UserError } from '../../../../../src/shared/errors'
import type { BatchProgress, EpochMetrics } from '../../../../../src/shared/results'
import type { ModelSpec } from '../../../../../src/shared/spec'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import { measureSet } from '../../../../../src/main/core/training/measure'
import { createModel } from '../../../../../src/main/core/training/model'
import { trainModel, type TrainArgs } from '../../../../../src/main/core/training/train'
import { weightStats } from '../../../../../src/main/core/training/weightStats'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'

let tf: typeof tfjs
const train = syntheticSet(320, 1)
const validation = syntheticSet(80, 2)

beforeAll(async () => {
  tf = (await selectBackend('wasm')).tf
})

async function run(spec: ModelSpec, extra: Partial<TrainArgs> = {}) {
  const { model, regularized } = createModel(tf, spec)
  const result = await trainModel({ tf, model, regularized, spec, train, validation, ...extra })
  return { model, regularized, result }
}

describe('trainModel', () => {
  it('learns the synthetic classes and reports each epoch and throttled batch progress', async () => {
    const epochs: EpochMetrics[] = []
    const progress: BatchProgress[] = []
    const { model, result } = await run(smallSpec({ epochs: 4 }), {
      onEpoch: (m) => void epochs.push(m),
      onBatch: (p) => void progress.push(p)
    })
    expect(result).toMatchObject({ epochsRun: 4, bestEpoch: 4, stoppedEarly: false, cancelled: false })
    expect(result.history).toEqual(epochs)
    expect(result.history.map((m) => m.epoch)).toEqual([1, 2, 3, 4])
    const last = result.history[3]
    expect(last.accuracy).toBeGreaterThan(0.6)
    expect(last.val_accuracy).toBeGreaterThan(0.6)
    expect(last.loss).toBeLessThan(result.history[0].loss)
    expect(result.msPerStep).toBeGreaterThan(0)

    // Ten batches per epoch: at most every 100 ms plus each epoch's last batch.
    expect(progress.length).toBeGreaterThanOrEqual(4)
    expect(progress.length).toBeLessThanOrEqual(40)
    for (const p of progress) {
      expect(p).toMatchObject({ epochs: 4, batches: 10 })
      expect(p.etaMs).toBeGreaterThanOrEqual(0)
      expect(p.accuracy).toBeGreaterThanOrEqual(0)
      expect(p.accuracy).toBeLessThanOrEqual(1)
    }
    const ends = progress.filter((p) => p.batch === 10)
    expect(ends.map((p) => p.epoch)).toEqual([1, 2, 3, 4])
    // The running mean over a whole epoch is the epoch's reported training loss.
    expect(ends[3].loss).toBeCloseTo(last.loss, 6)
    // Only the last validation pass is left by then, against three more epochs after the first.
    expect(ends[3].etaMs).toBeLessThan(ends[0].etaMs)
    model.dispose()
  })

  it('is reproducible: the same spec and seed give the same history, dropout included', async () => {
    const spec = smallSpec({
      epochs: 2,
      layers: [
        { type: 'dense', units: 32, activation: 'relu' },
        { type: 'dropout', rate: 0.3 },
        { type: 'dense', units: 10, activation: 'softmax' }
      ]
    })
    const first = await run(spec)
    const second = await run(spec)
    const strip = (h: EpochMetrics[]) => h.map(({ ms: _ms, ...rest }) => rest)
    expect(strip(second.result.history)).toEqual(strip(first.result.history))
    const other = await run({ ...spec, seed: 43 })
    expect(strip(other.result.history)).not.toEqual(strip(first.result.history))
    tf.dispose([first.model, second.model, other.model].flatMap((m) => m.getWeights()))
  })

  it('L1 leaves more near-zero kernel weights than no regularizer', async () => {
    const plain = await run(smallSpec({ epochs: 5, validationSplit: 0 }), { validation: null })
    const sparse = await run(
      smallSpec({
        epochs: 5,
        validationSplit: 0,
        layers: [
          { type: 'dense', units: 32, activation: 'relu', l1: 0.001 },
          { type: 'dense', units: 10, activation: 'softmax' }
        ]
      }),
      { validation: null }
    )
    const plainShare = (await weightStats(plain.model))[0].nearZero
    const sparseShare = (await weightStats(sparse.model))[0].nearZero
    console.log(`near-zero share of dense_1: ${plainShare.toFixed(3)} plain, ${sparseShare.toFixed(3)} with L1`)
    expect(plainShare).toBeLessThan(0.05)
    expect(sparseShare).toBeGreaterThan(plainShare + 0.2)
    // The penalty is part of the reported loss, as in Keras.
    expect(sparse.result.history[0].loss).toBeGreaterThan(plain.result.history[0].loss)
    plain.model.dispose()
    sparse.model.dispose()
  })

  it('early stopping stops after patience and restores the best epoch', async () => {
    // A min_delta no later epoch can beat makes epoch 1 the best, whatever the data do.
    const spec = smallSpec({
      epochs: 10,
      earlyStopping: { monitor: 'val_loss', patience: 2, minDelta: 100, restoreBestWeights: true }
    })
    const { model, regularized, result } = await run(spec)
    expect(result).toMatchObject({ stoppedEarly: true, epochsRun: 3, bestEpoch: 1 })
    expect(result.bestEpoch).toBeLessThan(result.epochsRun)
    const restored = await measureSet(tf, model, regularized, validation, true)
    expect(Math.abs(restored.loss - result.history[0].val_loss!)).toBeLessThan(1e-4)
    expect(Math.abs(restored.loss - result.history[2].val_loss!)).toBeGreaterThan(1e-3)
    model.dispose()
  })

  it('without restoring, bestEpoch is the last epoch, whose weights the model keeps', async () => {
    const spec = smallSpec({
      epochs: 10,
      earlyStopping: { monitor: 'accuracy', patience: 1, minDelta: 100, restoreBestWeights: false }
    })
    const { model, regularized, result } = await run(spec)
    expect(result).toMatchObject({ stoppedEarly: true, epochsRun: 2, bestEpoch: 2 })
    const held = await measureSet(tf, model, regularized, validation, true)
    expect(Math.abs(held.loss - result.history[1].val_loss!)).toBeLessThan(1e-4)
    model.dispose()
  })

  it('shouldStop cancels after the current batch and keeps the finished epochs', async () => {
    let checks = 0
    const { model, result } = await run(smallSpec({ epochs: 5 }), { shouldStop: () => ++checks === 13 })
    expect(checks).toBe(13)
    expect(result).toMatchObject({ cancelled: true, stoppedEarly: false, epochsRun: 1, bestEpoch: 1 })
    expect(result.history).toHaveLength(1)
    model.dispose()

    // Stopping on an epoch's last batch still records that finished epoch.
    checks = 0
    const atEnd = await run(smallSpec({ epochs: 5 }), { shouldStop: () => ++checks === 20 })
    expect(checks).toBe(20)
    expect(atEnd.result).toMatchObject({ cancelled: true, epochsRun: 2, bestEpoch: 2 })
    atEnd.model.dispose()
  })

  it('leaves no tensors behind: counts are stable across epochs and runs', async () => {
    const spec = smallSpec({
      epochs: 4,
      layers: [
        { type: 'dense', units: 32, activation: 'relu', l2: 0.001 },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 10, activation: 'softmax', l1: 0.0001 }
      ],
      earlyStopping: { monitor: 'val_accuracy', patience: 10, minDelta: 0, restoreBestWeights: true }
    })
    const baseline = tf.memory().numTensors
    for (const optimizer of ['rmsprop', 'adam', 'sgd'] as const) {
      const { model, regularized } = createModel(tf, { ...spec, optimizer: { name: optimizer, learningRate: 0.001 } })
      const withModel = tf.memory().numTensors
      const perEpoch: number[] = []
      await trainModel({
        tf,
        model,
        regularized,
        spec,
        train,
        validation,
        onEpoch: () => void perEpoch.push(tf.memory().numTensors),
        onBatch: () => undefined
      })
      expect(perEpoch, optimizer).toEqual(new Array(4).fill(perEpoch[0]))
      expect(tf.memory().numTensors, optimizer).toBe(withModel)
      model.dispose()
      expect(tf.memory().numTensors, optimizer).toBe(baseline)
    }
  })

  it('rejects a validation monitor when nothing is held out', async () => {
    const spec = smallSpec({ earlyStopping: { monitor: 'val_loss', patience: 1, minDelta: 0, restoreBestWeights: true } })
    const { model, regularized } = createModel(tf, spec)
    await expect(trainModel({ tf, model, regularized, spec, train, validation: null })).rejects.toThrow(UserError)
    model.dispose()
  })
})
