import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunPredictor } from '../../../../../src/main/core/predict/predictRuns'
import { fileLoadHandler } from '../../../../../src/main/core/runs/modelFiles'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
import { PIXELS } from '../../../../../src/shared/dataset'
import { trainedWorkspace, type TrainedWorkspace } from '../../../../support/trainedWorkspace'

/** The plain-JS forward pass and TF.js sum in other orders; float32 rounding keeps them this close. */
const TOLERANCE = 1e-5

let dir: string
let trained: TrainedWorkspace

beforeAll(async () => {
  await tf.setBackend('cpu')
  dir = await mkdtemp(join(tmpdir(), 'regstudio-predict-'))
  trained = await trainedWorkspace(dir, ['baseline', 'dropout'])
}, 240_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const image = (k: number): Uint8Array => trained.test.images.slice(k * PIXELS, (k + 1) * PIXELS)

describe('RunPredictor', () => {
  it('gives the probabilities TF.js gives with the saved model, for each run in the order asked', async () => {
    const predictor = new RunPredictor(trained.workspace)
    const ids = [trained.runs.dropout.id, trained.runs.baseline.id]
    for (const k of [0, 7, 42]) {
      const predictions = await predictor.predict(ids, image(k))
      expect(predictions.map((p) => p.runId)).toEqual(ids)
      for (const p of predictions) {
        const model = await tf.loadLayersModel(fileLoadHandler(new RunStore(trained.workspace).modelDir(p.runId)))
        const expected = (model.predict(tf.tensor2d(Float32Array.from(image(k), (v) => v / 255), [1, PIXELS])) as tf.Tensor).dataSync()
        model.dispose()
        expect(p.probabilities).toHaveLength(expected.length)
        p.probabilities.forEach((v, c) => expect(Math.abs(v - expected[c])).toBeLessThan(TOLERANCE))
        expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
      }
    }
  })

  it('names the run when it is unknown or its model files are damaged', async () => {
    const predictor = new RunPredictor(trained.workspace)
    await expect(predictor.predict(['no-such-run'], image(0))).rejects.toThrow(/no-such-run/)
    const id = trained.runs.baseline.id
    const modelJson = join(new RunStore(trained.workspace).modelDir(id), 'model.json')
    await writeFile(modelJson, '{"modelTopology": 3')
    await expect(predictor.predict([id], image(0))).rejects.toThrow(new RegExp(`run ${id}`))
  })

  it('refuses an image that is not 784 pixels', async () => {
    await expect(new RunPredictor(trained.workspace).predict([trained.runs.dropout.id], new Uint8Array(10))).rejects.toThrow('784 pixels')
  })
})
