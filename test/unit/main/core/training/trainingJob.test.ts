import type * as tfjs from '@tensorflow/tfjs'
import type { io } from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src/main/core/training/backend'
import type { TrainJob, WorkerMessage } from '../../../../../src/main/core/training/protocol'
import { runTrainingJob } from '../../../../../src/main/core/training/trainingJob'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'

let tf: typeof tfjs
const dataset = { train: syntheticSet(320, 1), test: syntheticSet(2100, 2) }
const job: TrainJob = { runId: 'job', spec: smallSpec({ epochs: 2 }), datasetFile: 'unused', splitSeed: 1, backend: 'wasm' }

beforeAll(async () => {
  tf = (await selectBackend('wasm')).tf
})

/** Runs the job with a save handler that keeps what it is given, or fails with `failure`. */
async function runJob(failure?: Error) {
  const messages: WorkerMessage[] = []
  let saved: io.ModelArtifacts | undefined
  const saveHandler: io.IOHandler = {
    save: async (artifacts) => {
      // Let the evaluation, started beside the save, run in between.
      await new Promise((resolve) => setTimeout(resolve, 20))
      if (failure) throw failure
      saved = artifacts
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }
  }
  const done = runTrainingJob({ tf, job, dataset, send: async (m) => void messages.push(m), isCancelled: () => false, saveHandler, started: Date.now() })
  return { done, messages, saved: () => saved }
}

describe('runTrainingJob', () => {
  it('saves the trained weights beside the evaluation and reports the run finished once both are done', async () => {
    const { done, messages, saved } = await runJob()
    await done
    const finished = messages.find((m) => m.type === 'finished')
    expect(finished?.type === 'finished' && finished.outcome.evaluation.testAccuracy).toBeGreaterThan(0.5)
    expect(messages.at(-1)?.type).toBe('finished')
    // The saved weights are the evaluated ones: loaded back, they give the reported test accuracy.
    const artifacts = saved()
    expect(artifacts?.weightData).toBeDefined()
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts!))
    const probabilities = model.predict(tf.tensor2d(Float32Array.from(dataset.test.images, (v) => v / 255), [dataset.test.count, 784])) as tfjs.Tensor2D
    const predicted = Array.from(await probabilities.argMax(1).data())
    const accuracy = predicted.filter((p, i) => p === dataset.test.labels[i]).length / dataset.test.count
    expect(finished?.type === 'finished' && finished.outcome.evaluation.testAccuracy).toBeCloseTo(accuracy, 6)
    model.dispose()
  })

  it('fails with the save\'s error, after the evaluation, and reports no finished run', async () => {
    const { done, messages } = await runJob(new Error('Cannot write /runs/x/model/weights.bin: the disk is full'))
    await expect(done).rejects.toThrow('the disk is full')
    expect(messages.some((m) => m.type === 'finished')).toBe(false)
  })
})
