/**
 * A finished run's trained network, read from its TF.js files and checked layer by layer, without
 * loading TF.js: export runs in the host process, where TF.js is never loaded.
 */
import type { io } from '@tensorflow/tfjs'
import { outputUnits } from '../../../shared/classNames'
import { PIXELS } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import type { RunRecord } from '../../../shared/results'
import type { Activation } from '../../../shared/spec'
import { fileLoadHandler } from '../runs/modelFiles'
import { RunStore } from '../runs/runStore'

const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh', 'elu', 'selu', 'linear', 'softmax']

/** One Dense layer: kernel [inputs, units] row-major as TF.js stores it, bias [units]. */
export interface DenseWeights {
  name: string
  inputs: number
  units: number
  activation: Activation
  kernel: Float32Array
  bias: Float32Array | null
}

export interface TrainedModel {
  record: RunRecord
  /** The Dense layers in order; Dropout layers are left out, as they do nothing at inference. */
  dense: DenseWeights[]
  /** The TF.js files as loaded (all weight shards joined in manifest order): what the TF.js export repacks. */
  artifacts: io.ModelArtifacts
  weightData: Uint8Array
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Reads a finished run's model; a run that is not finished or whose files are damaged is a UserError naming the run. */
export async function readTrainedModel(workspace: string, runId: string): Promise<TrainedModel> {
  const store = new RunStore(workspace)
  const { record } = await store.get(runId)
  if (record.status !== 'finished') {
    throw new UserError('not_exportable', `run ${runId} is ${record.status}, not finished: only a finished run has a trained model`, { id: runId })
  }
  let artifacts: io.ModelArtifacts
  try {
    artifacts = await fileLoadHandler(store.modelDir(runId)).load()
  } catch (err) {
    if (err instanceof UserError) throw new UserError('MODEL_UNREADABLE', `run ${runId}: ${err.message}`, { id: runId })
    throw err
  }
  const weightData = new Uint8Array(artifacts.weightData as ArrayBuffer)
  const damaged = (problem: string): UserError =>
    new UserError('MODEL_UNREADABLE', `run ${runId}: model/model.json ${problem}`, { id: runId })
  const dense = denseLayers(artifacts.modelTopology, weightTable(artifacts.weightSpecs ?? [], weightData, damaged), outputUnits(record.spec), damaged)
  return { record, dense, artifacts, weightData }
}

/** Each float32 weight by name, as a view into the weight bytes (copied, so it is aligned). */
function weightTable(
  specs: io.WeightsManifestEntry[],
  data: Uint8Array,
  damaged: (problem: string) => UserError
): Map<string, { shape: number[]; values: Float32Array }> {
  const table = new Map<string, { shape: number[]; values: Float32Array }>()
  let offset = 0
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization) throw damaged(`holds weight "${spec.name}" as ${spec.quantization ? 'quantized ' : ''}${spec.dtype}; only float32 is exported`)
    const bytes = spec.shape.reduce((a, b) => a * b, 1) * 4
    if (offset + bytes > data.byteLength) throw damaged(`describes more weights than weights.bin holds`)
    // Little-endian as TF.js writes them, read the same way on any machine.
    const view = new DataView(data.buffer, data.byteOffset + offset, bytes)
    const values = new Float32Array(bytes / 4)
    for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true)
    table.set(spec.name, { shape: spec.shape, values })
    offset += bytes
  }
  return table
}

function denseLayers(
  topology: unknown,
  weights: Map<string, { shape: number[]; values: Float32Array }>,
  classes: number,
  damaged: (problem: string) => UserError
): DenseWeights[] {
  // A Sequential's config is { name, layers } since Keras 2.2, a bare list before.
  const config = isObject(topology) ? topology.config : undefined
  const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined
  if (!isObject(topology) || topology.class_name !== 'Sequential' || !Array.isArray(layers)) throw damaged('is not a Sequential model')
  const dense: DenseWeights[] = []
  let inputs = PIXELS
  for (const layer of layers) {
    if (!isObject(layer) || !isObject(layer.config)) throw damaged('has a layer without a config')
    const c = layer.config
    if (layer.class_name === 'Dropout') continue
    if (layer.class_name !== 'Dense') throw damaged(`has a ${String(layer.class_name)} layer; only Dense and Dropout are exported`)
    const name = String(c.name)
    const units = c.units
    if (!Number.isInteger(units) || (units as number) < 1) throw damaged(`layer ${name}: "units" is not a positive whole number`)
    const activation = (c.activation ?? 'linear') as Activation
    if (!ACTIVATIONS.includes(activation)) throw damaged(`layer ${name}: activation "${String(c.activation)}" is not one this product trains`)
    const kernel = weights.get(`${name}/kernel`)
    if (!kernel || kernel.shape.join(',') !== `${inputs},${units}`) throw damaged(`layer ${name}: no kernel of shape [${inputs}, ${units}]`)
    let bias: Float32Array | null = null
    if (c.use_bias !== false) {
      const b = weights.get(`${name}/bias`)
      if (!b || b.shape.join(',') !== `${units}`) throw damaged(`layer ${name}: no bias of shape [${units}]`)
      bias = b.values
    }
    dense.push({ name, inputs, units: units as number, activation, kernel: kernel.values, bias })
    inputs = units as number
  }
  if (dense.length === 0 || inputs !== classes) throw damaged(`does not end in a Dense layer of ${classes} units (one per class, as its spec says)`)
  return dense
}
