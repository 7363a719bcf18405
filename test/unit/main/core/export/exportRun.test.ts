import { copyFile, cp, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { unzipSync } from 'fflate'
import { onnx } from 'onnx-proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportRun } from '../../../../../src/main/core/export/exportRun'
import { fileLoadHandler } from '../../../../../src/main/core/runs/modelFiles'
import { numberedClassNames } from '../../../../../src/shared/classNames'
import { onnxCheckerError, pythonWithOnnx, runOnnx } from '../../../../support/onnx'
import { trainedWorkspace, type TrainedWorkspace } from '../../../../support/trainedWorkspace'

/** ONNX Runtime and TF.js sum in other orders; float32 rounding keeps them within this of each other. */
const TOLERANCE = 1e-5

let dir: string
let trained: TrainedWorkspace
let pixels: Float32Array

beforeAll(async () => {
  await tf.setBackend('cpu')
  dir = await mkdtemp(join(tmpdir(), 'regstudio-export-'))
  trained = await trainedWorkspace(dir, ['baseline', 'dropout'])
  // The test images as training fed them: pixel / 255.
  pixels = Float32Array.from(trained.test.images, (v) => v / 255)
}, 240_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** TF.js's class probabilities for the test images, from the run's own saved model. */
async function tfjsProbabilities(modelDir: string): Promise<Float32Array> {
  const model = await tf.loadLayersModel(fileLoadHandler(modelDir))
  const out = model.predict(tf.tensor2d(pixels, [trained.test.count, 784])) as tf.Tensor
  const data = out.dataSync() as Float32Array
  model.dispose()
  return data
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}

/** A copy of the workspace to damage, so the other tests keep their runs intact. */
async function copyOfWorkspace(name: string): Promise<string> {
  const copy = join(dir, name)
  await cp(trained.workspace, copy, { recursive: true })
  return copy
}

describe('exportRun', () => {
  it('writes ONNX that ONNX Runtime runs to the probabilities TF.js gives, Dropout left out', async () => {
    for (const variant of ['baseline', 'dropout']) {
      const run = trained.runs[variant]
      const exported = await exportRun(trained.workspace, run.id, 'onnx')
      expect(exported.fileName).toBe(`${variant}-${run.id}.onnx`)
      const onnxOut = await runOnnx(exported.bytes, pixels, 784)
      expect(onnxOut.dims).toEqual([trained.test.count, 10])
      const expected = await tfjsProbabilities(join(trained.workspace, 'runs', run.id, 'model'))
      expect(maxAbsDifference(onnxOut.data, expected), variant).toBeLessThan(TOLERANCE)

      const model = onnx.ModelProto.decode(exported.bytes)
      expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]])
      expect((model.graph?.node ?? []).map((n) => n.opType)).toEqual(['Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax', 'Identity'])
      const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]))
      expect(JSON.parse(meta.class_names)).toEqual(numberedClassNames(10))
      expect(meta.dataset_fingerprint).toBe(run.dataset.fingerprint)
      expect(JSON.parse(meta.spec)).toEqual(run.spec)
      expect(meta.input).toMatch(/\[N, 784\] float32.*0\.\.1/)
    }
  })

  const python = pythonWithOnnx()
  // CI installs python3-onnx (.ci/run), so there the checker always runs.
  it.skipIf(python === null && process.env.CI !== 'true')('passes ONNX\'s own checker (skipped only outside CI when python3-onnx is not installed)', async () => {
    expect(python, 'python3 with the onnx package (apt-get install python3-onnx)').not.toBeNull()
    const run = trained.runs.dropout
    const file = join(dir, 'checked.onnx')
    await writeFile(file, (await exportRun(trained.workspace, run.id, 'onnx')).bytes)
    expect(onnxCheckerError(python!, file)).toBeNull()
  })

  it('writes a TF.js zip that tf.loadLayersModel loads to the same predictions, with the metadata', async () => {
    const run = trained.runs.dropout
    const exported = await exportRun(trained.workspace, run.id, 'tfjs')
    expect(exported.fileName).toBe(`dropout-${run.id}.zip`)
    const files = unzipSync(exported.bytes)
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin'])
    const unzipped = join(dir, 'unzipped')
    await mkdir(unzipped)
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(unzipped, name), bytes)

    const model = await tf.loadLayersModel(fileLoadHandler(unzipped))
    const metadata = model.getUserDefinedMetadata() as Record<string, string>
    expect(metadata.run_id).toBe(run.id)
    expect(JSON.parse(metadata.class_names)).toEqual(numberedClassNames(10))
    model.dispose()
    expect(await tfjsProbabilities(unzipped)).toEqual(await tfjsProbabilities(join(trained.workspace, 'runs', run.id, 'model')))
  })

  it('refuses a run that is not finished, naming it', async () => {
    const workspace = await copyOfWorkspace('ws-failed')
    const run = trained.runs.baseline
    const file = join(workspace, 'runs', run.id, 'run.json')
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), status: 'failed' }))
    await expect(exportRun(workspace, run.id, 'onnx')).rejects.toThrow(`run ${run.id} is failed, not finished: only a finished run has a trained model`)
  })

  it('refuses damaged model files with one line naming the run and the problem', async () => {
    const workspace = await copyOfWorkspace('ws-damaged')
    const run = trained.runs.baseline
    const modelDir = join(workspace, 'runs', run.id, 'model')
    await copyFile(join(modelDir, 'weights.bin'), join(dir, 'weights.bin'))
    await truncate(join(modelDir, 'weights.bin'), 1000)
    const truncated = exportRun(workspace, run.id, 'tfjs')
    await expect(truncated).rejects.toThrow(new RegExp(`^run ${run.id}: .*weights\\.bin: holds 1000 bytes of weights but model\\.json describes \\d+$`))
    await copyFile(join(dir, 'weights.bin'), join(modelDir, 'weights.bin'))

    const modelJson = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8'))
    modelJson.modelTopology.config.layers[0].class_name = 'Conv2D'
    await writeFile(join(modelDir, 'model.json'), JSON.stringify(modelJson))
    await expect(exportRun(workspace, run.id, 'onnx')).rejects.toThrow(`run ${run.id}: model/model.json has a Conv2D layer; only Dense and Dropout are exported`)

    await rm(modelDir, { recursive: true })
    const missing = await exportRun(workspace, run.id, 'onnx').catch((err: Error) => err)
    expect((missing as Error).message).toMatch(new RegExp(`^run ${run.id}: .*model\\.json: cannot be read \\(ENOENT`))
    expect((missing as Error).message).not.toContain('\n')
  })
})
