/** A trained model in the TF.js layers format, zipped: unzip and load model.json with tf.loadLayersModel. */
import type { io } from '@tensorflow/tfjs'
import { zipSync } from 'fflate'
import { MODEL_FILE, WEIGHTS_FILE } from '../runs/modelFiles'
import type { TrainedModel } from './readTrainedModel'

/** model.json (with `metadata` as its userDefinedMetadata) and all weights in one weights.bin. */
export function tfjsZip(model: TrainedModel, metadata: Record<string, string>): Uint8Array {
  const { artifacts } = model
  const modelJson: io.ModelJSON = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: metadata
  }
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig
  if (artifacts.signature != null) modelJson.signature = artifacts.signature
  return zipSync({
    [MODEL_FILE]: new TextEncoder().encode(JSON.stringify(modelJson)),
    // Float weights barely compress; storing them keeps export fast.
    [WEIGHTS_FILE]: [model.weightData, { level: 0 }]
  })
}
