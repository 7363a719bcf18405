/**
 * A TF.js save handler for the trainer page: the model's files go to the host as one message (JSON
 * topology, weight specs, the weights in one buffer), and the host writes them as it does for a
 * trainer process (runs/modelFiles.ts).
 */
import type { io } from '@tensorflow/tfjs'
import type { PageModelArtifacts } from '../main/core/training/pageProtocol'

function oneBuffer(data: io.ModelArtifacts['weightData']): ArrayBuffer {
  const parts = data === undefined ? [] : Array.isArray(data) ? data : [data]
  const joined = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0))
  let at = 0
  for (const part of parts) {
    joined.set(new Uint8Array(part), at)
    at += part.byteLength
  }
  return joined.buffer
}

export function artifactsSaveHandler(deliver: (artifacts: PageModelArtifacts) => Promise<void>): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer || !artifacts.modelTopology) throw new Error('only layers models (JSON topology) can be saved')
      const weightData = oneBuffer(artifacts.weightData)
      await deliver({
        modelTopology: artifacts.modelTopology,
        weightSpecs: (artifacts.weightSpecs ?? []).map(({ name, shape, dtype }) => ({ name, shape, dtype: dtype as 'float32' | 'int32' | 'bool' })),
        weightData,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy
      })
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } }
    }
  }
}
