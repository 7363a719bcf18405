import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fileLoadHandler, fileSaveHandler } from '../../../../../src/main/core/runs/modelFiles'

let dir: string

beforeAll(async () => {
  await tf.setBackend('cpu')
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-model-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

afterAll(() => {
  tf.disposeVariables()
})

function tinyModel(): tf.Sequential {
  const model = tf.sequential()
  model.add(tf.layers.dense({ inputShape: [6], units: 5, activation: 'relu', kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }))
  model.add(tf.layers.dropout({ rate: 0.3 }))
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }))
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })
  return model
}

describe('model files', () => {
  it('round-trips a real model: same predictions after tf.loadLayersModel', async () => {
    const model = tinyModel()
    const input = tf.randomUniform([4, 6], 0, 1, 'float32', 7)
    const before = (model.predict(input) as tf.Tensor).arraySync()
    model.setUserDefinedMetadata({ runId: '20250301-143015-123-abcdef' })

    const result = await model.save(fileSaveHandler(join(dir, 'model')))
    expect(result.modelArtifactsInfo).toMatchObject({ modelTopologyType: 'JSON', weightDataBytes: (6 * 5 + 5 + 5 * 3 + 3) * 4 })
    expect((await readdir(join(dir, 'model'))).sort()).toEqual(['model.json', 'weights.bin'])

    const json = JSON.parse(await readFile(join(dir, 'model', 'model.json'), 'utf8'))
    expect(json.format).toBe('layers-model')
    expect(json.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers v4\./)
    expect(json).toHaveProperty('convertedBy', null)
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: expect.any(Array) }])
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toHaveLength(4)
    expect(json.trainingConfig).toBeUndefined()

    const loaded = await tf.loadLayersModel(fileLoadHandler(join(dir, 'model')))
    const after = (loaded.predict(input) as tf.Tensor).arraySync()
    expect(after).toEqual(before)
    expect(loaded.layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dropout', 'Dense'])
    expect(loaded.getUserDefinedMetadata()).toEqual({ runId: '20250301-143015-123-abcdef' })
    tf.dispose([input])
    model.dispose()
    loaded.dispose()
  })

  it('keeps the training config and optimizer state when asked to', async () => {
    const model = tinyModel()
    await model.fit(tf.ones([8, 6]), tf.zeros([8]), { epochs: 1, batchSize: 4, verbose: 0 })
    await model.save(fileSaveHandler(dir), { includeOptimizer: true })
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'))
    expect(json.trainingConfig.loss).toBe('sparse_categorical_crossentropy')
    const loaded = await tf.loadLayersModel(fileLoadHandler(dir))
    expect(loaded.optimizer).toBeInstanceOf(tf.RMSPropOptimizer)
    const weights = (await loaded.optimizer.getWeights()).map((w) => w.tensor.arraySync())
    expect(weights).toEqual((await model.optimizer.getWeights()).map((w) => w.tensor.arraySync()))
    model.dispose()
    loaded.dispose()
  })

  it('saves over an earlier model in the same folder', async () => {
    const first = tinyModel()
    await first.save(fileSaveHandler(dir))
    const second = tinyModel()
    await second.save(fileSaveHandler(dir))
    const loaded = await tf.loadLayersModel(fileLoadHandler(dir))
    const expected = second.getWeights().map((w) => w.arraySync())
    expect(loaded.getWeights().map((w) => w.arraySync())).toEqual(expected)
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin'])
    ;[first, second, loaded].forEach((m) => m.dispose())
  })

  it('names the file when the model is missing, truncated or points outside its folder', async () => {
    await expect(fileLoadHandler(dir).load!()).rejects.toMatchObject({
      code: 'MODEL_UNREADABLE',
      message: expect.stringContaining(join(dir, 'model.json'))
    })

    const model = tinyModel()
    await model.save(fileSaveHandler(dir))
    model.dispose()
    await truncate(join(dir, 'weights.bin'), 40)
    await expect(tf.loadLayersModel(fileLoadHandler(dir))).rejects.toThrow(
      `${join(dir, 'weights.bin')}: holds 40 bytes of weights but model.json describes 212`
    )

    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'))
    json.weightsManifest[0].paths = ['../secret.bin']
    await writeFile(join(dir, 'model.json'), JSON.stringify(json))
    await expect(fileLoadHandler(dir).load!()).rejects.toThrow('"weightsManifest" must list groups of plain file names')

    await writeFile(join(dir, 'model.json'), '{"modelTopology": ')
    await expect(fileLoadHandler(dir).load!()).rejects.toThrow(`${join(dir, 'model.json')}: is not valid JSON`)
  })
})
