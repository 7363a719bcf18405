/**
 * A TF.js IOHandler for a folder (model.json + weights.bin) using plain fs, so saving and loading
 * need neither tfjs-node nor a browser. Only types come from TF.js: importing this loads no TF.js code.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { io } from '@tensorflow/tfjs'
import { UserError } from '../../../shared/errors'
import { fsFailureReason, writeFileAtomic } from '../util/atomicWrite'
import { ensureDir } from '../util/ensureDir'

export const MODEL_FILE = 'model.json'
export const WEIGHTS_FILE = 'weights.bin'

/** Bytes per element of the dtypes whose size is fixed; used to catch a weights file that does not match. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 }

function toBytes(data: io.ModelArtifacts['weightData']): Uint8Array {
  if (data === undefined) return new Uint8Array(0)
  const parts = Array.isArray(data) ? data : [data]
  return Buffer.concat(parts.map((b) => new Uint8Array(b)))
}

/** Saves like tf.io's own handlers: weights in one shard, model.json written last so it never points at missing weights. */
export function fileSaveHandler(dir: string): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('fileSaveHandler saves layers models only (JSON topology), not GraphDef')
      }
      const weightSpecs = artifacts.weightSpecs ?? []
      const weights = toBytes(artifacts.weightData)
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs }]
      }
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig
      if (artifacts.signature != null) modelJson.signature = artifacts.signature
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata
      if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer
      if (artifacts.initializerSignature != null) modelJson.initializerSignature = artifacts.initializerSignature

      const topologyText = JSON.stringify(modelJson.modelTopology)
      try {
        await ensureDir(dir)
      } catch (err) {
        throw new UserError('WRITE_FAILED', `Cannot create ${dir}: ${fsFailureReason(err)}`, { path: dir })
      }
      await writeFileAtomic(join(dir, WEIGHTS_FILE), weights)
      await writeFileAtomic(join(dir, MODEL_FILE), JSON.stringify(modelJson))
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: Buffer.byteLength(topologyText),
          weightSpecsBytes: Buffer.byteLength(JSON.stringify(weightSpecs)),
          weightDataBytes: weights.byteLength
        }
      }
    }
  }
}

function unreadable(file: string, problem: string): UserError {
  return new UserError('MODEL_UNREADABLE', `${file}: ${problem}`, { file })
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Weight shard names must be plain file names in the model folder: a model.json must not make us read elsewhere. */
function isShardName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9._-]+$/.test(name) && name !== '.' && name !== '..'
}

function expectedBytes(specs: io.WeightsManifestEntry[]): number | undefined {
  let total = 0
  for (const spec of specs) {
    const size = DTYPE_BYTES[spec.dtype]
    if (size === undefined || spec.quantization) return undefined
    total += spec.shape.reduce((a, b) => a * b, 1) * size
  }
  return total
}

async function readModelJson(file: string): Promise<io.ModelJSON> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw unreadable(file, `cannot be read (${(err as Error).message})`)
  }
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (err) {
    throw unreadable(file, `is not valid JSON (${(err as Error).message})`)
  }
  if (!isObject(v) || !isObject(v.modelTopology)) throw unreadable(file, 'has no "modelTopology" object')
  const manifest = v.weightsManifest
  const groupsOk =
    Array.isArray(manifest) &&
    manifest.every((g) => isObject(g) && Array.isArray(g.paths) && g.paths.every(isShardName) && Array.isArray(g.weights))
  if (!groupsOk) throw unreadable(file, '"weightsManifest" must list groups of plain file names and weights')
  return v as unknown as io.ModelJSON
}

/** Loads what fileSaveHandler (or tf.io's file and browser handlers) saved in `dir`. */
export function fileLoadHandler(dir: string): io.IOHandler & Required<Pick<io.IOHandler, 'load'>> {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const modelFile = join(dir, MODEL_FILE)
      const modelJson = await readModelJson(modelFile)
      const weightSpecs = modelJson.weightsManifest.flatMap((g) => g.weights)
      const shards = await Promise.all(
        modelJson.weightsManifest
          .flatMap((g) => g.paths)
          .map(async (name) => {
            const file = join(dir, name)
            try {
              return await readFile(file)
            } catch (err) {
              throw unreadable(file, `cannot be read (${(err as Error).message})`)
            }
          })
      )
      const weights = Buffer.concat(shards)
      const expected = expectedBytes(weightSpecs)
      if (expected !== undefined && expected !== weights.byteLength) {
        throw unreadable(join(dir, WEIGHTS_FILE), `holds ${weights.byteLength} bytes of weights but ${MODEL_FILE} describes ${expected}`)
      }
      const artifacts: io.ModelArtifacts = {
        modelTopology: modelJson.modelTopology,
        weightSpecs,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy
      }
      if (modelJson.trainingConfig != null) artifacts.trainingConfig = modelJson.trainingConfig
      if (modelJson.signature != null) artifacts.signature = modelJson.signature
      if (modelJson.userDefinedMetadata != null) artifacts.userDefinedMetadata = modelJson.userDefinedMetadata
      if (modelJson.modelInitializer != null) artifacts.modelInitializer = modelJson.modelInitializer
      if (modelJson.initializerSignature != null) artifacts.initializerSignature = modelJson.initializerSignature
      return artifacts
    }
  }
}
