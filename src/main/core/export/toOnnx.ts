/**
 * A trained dense network as an ONNX model (opset 13): Dense → Gemm, its activation → the ONNX
 * operator of the same name, Dropout left out (it does nothing at inference). Encoded with the
 * onnx-proto package's protobuf code for ONNX's own .proto, never written by hand.
 */
import { onnx } from 'onnx-proto'
import { PIXELS } from '../../../shared/dataset'
import type { Activation } from '../../../shared/spec'
import { INPUT_NAME, OUTPUT_NAME } from './modelMetadata'
import type { DenseWeights } from './readTrainedModel'

/** IR version 8 with opset 13: read by ONNX 1.10 and later and by every current ONNX Runtime. */
const IR_VERSION = 8
const OPSET = 13

/** The ONNX operator for each activation; linear needs none. ONNX's Elu and Selu defaults equal TF.js's constants. */
const OPERATORS: Record<Activation, string | null> = {
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  elu: 'Elu',
  selu: 'Selu',
  linear: null,
  softmax: 'Softmax'
}

export interface OnnxOptions {
  /** Whether the network was trained on pixels / 255; if not, the graph scales its 0..1 input back to 0..255 first. */
  normalize: boolean
  metadata: Record<string, string>
  docString: string
}

function floatTensor(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  // raw_data is little-endian by the ONNX spec, whatever this machine's byte order.
  const raw = new Uint8Array(values.length * 4)
  const view = new DataView(raw.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true)
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw }
}

function floatInput(name: string, width: number): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } }
  }
}

/** The encoded model, ready to write as a .onnx file. */
export function toOnnx(layers: readonly DenseWeights[], options: OnnxOptions): Uint8Array {
  const nodes: onnx.INodeProto[] = []
  const initializers: onnx.ITensorProto[] = []
  let current = INPUT_NAME
  const node = (opType: string, inputs: string[], output: string): void => {
    nodes.push({ opType, input: inputs, output: [output], name: output })
    current = output
  }

  if (!options.normalize) {
    initializers.push(floatTensor('pixel_scale', [], Float32Array.of(255)))
    node('Mul', [current, 'pixel_scale'], 'pixels_0_255')
  }
  for (const layer of layers) {
    initializers.push(floatTensor(`${layer.name}/kernel`, [layer.inputs, layer.units], layer.kernel))
    if (layer.bias) {
      initializers.push(floatTensor(`${layer.name}/bias`, [layer.units], layer.bias))
      node('Gemm', [current, `${layer.name}/kernel`, `${layer.name}/bias`], layer.name)
    } else {
      node('MatMul', [current, `${layer.name}/kernel`], layer.name)
    }
    const operator = OPERATORS[layer.activation]
    if (operator) node(operator, [current], `${layer.name}/${layer.activation}`)
  }
  // The graph's output carries a stable name whatever the last layer is.
  node('Identity', [current], OUTPUT_NAME)

  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'Regularization Studio',
    docString: options.docString,
    graph: {
      name: 'regstudio_dense',
      node: nodes,
      initializer: initializers,
      input: [floatInput(INPUT_NAME, PIXELS)],
      output: [floatInput(OUTPUT_NAME, layers[layers.length - 1].units)]
    },
    metadataProps: Object.entries(options.metadata).map(([key, value]) => ({ key, value }))
  }
  return onnx.ModelProto.encode(model).finish()
}
