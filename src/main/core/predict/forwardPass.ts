/**
 * A trained network's class probabilities for one image, computed in plain JavaScript from the
 * Dense layers readTrainedModel gives: about 0.7 M multiply-adds for the seed network, a few
 * milliseconds, so the host answers a try-it drawing without starting TF.js or a process.
 */
import type { Activation } from '../../../shared/spec'
import type { DenseWeights } from '../export/readTrainedModel'

function activate(values: Float32Array, activation: Activation): void {
  const n = values.length
  switch (activation) {
    case 'relu':
      for (let i = 0; i < n; i++) values[i] = Math.max(0, values[i])
      return
    case 'sigmoid':
      for (let i = 0; i < n; i++) values[i] = 1 / (1 + Math.exp(-values[i]))
      return
    case 'tanh':
      for (let i = 0; i < n; i++) values[i] = Math.tanh(values[i])
      return
    case 'elu':
      for (let i = 0; i < n; i++) values[i] = values[i] > 0 ? values[i] : Math.expm1(values[i])
      return
    case 'selu': {
      // The constants TF.js (and Keras) use.
      const alpha = 1.6732632423543772
      const scale = 1.0507009873554805
      for (let i = 0; i < n; i++) values[i] = scale * (values[i] > 0 ? values[i] : alpha * Math.expm1(values[i]))
      return
    }
    case 'softmax': {
      let max = -Infinity
      for (let i = 0; i < n; i++) max = Math.max(max, values[i])
      let sum = 0
      for (let i = 0; i < n; i++) sum += values[i] = Math.exp(values[i] - max)
      for (let i = 0; i < n; i++) values[i] /= sum
      return
    }
    case 'linear':
      return
  }
}

/**
 * The network's outputs for one input (the 784 values the model was trained on: 0..1, or 0..255
 * when the spec does not normalize), one value per unit of its last layer.
 */
export function forwardPass(layers: readonly DenseWeights[], input: Float32Array): Float32Array {
  let x = input
  for (const layer of layers) {
    const out = layer.bias ? Float32Array.from(layer.bias) : new Float32Array(layer.units)
    // Kernel rows are inputs: adding each active input's row keeps the inner loop contiguous.
    for (let i = 0; i < layer.inputs; i++) {
      const v = x[i]
      if (v === 0) continue
      const row = i * layer.units
      for (let j = 0; j < layer.units; j++) out[j] += v * layer.kernel[row + j]
    }
    activate(out, layer.activation)
    x = out
  }
  return x
}
