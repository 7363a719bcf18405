import type * as tfjs from '@tensorflow/tfjs'
import { reluBiasGrad } from '../fastKernels/reluBiasGradOp'

type Tf = typeof tfjs
type Dense = ReturnType<Tf['layers']['dense']>
export type DenseArgs = Parameters<Tf['layers']['dense']>[0]

/**
 * A Dense layer with ReLU whose training step runs as few kernels as its inference does. While
 * gradients are recorded tfjs does not fuse a layer's product, so TF.js's Dense runs MatMul, Add
 * and Relu forward and Step, Mul and Sum backward. This one runs forward one _FusedMatMul (the
 * product with its bias and ReLU) and backward one pass for the ReLU's and the bias's gradients
 * (fastKernels/reluBiasGrad.ts), then the two products. Same arithmetic in the same order, so the
 * same numbers. It is TF.js's Dense otherwise (weights, initializers, regularizers, config) and
 * saves as a plain 'Dense', so a saved model loads in any TF.js.
 */
export function fusedReluDense(tf: Tf, args: DenseArgs): tfjs.layers.Layer {
  if (args.activation !== 'relu' || args.useBias === false) throw new Error(`${args.name ?? 'dense'}: the fused layer is for ReLU with a bias`)
  return new (fusedReluDenseClass(tf))(args)
}

/**
 * relu(x W + b), differentiable: one fused product forward; backward dz = dy * (y > 0) and
 * db = sum(dz, 0) in one pass, dx = dz W^T and dW = x^T dz as the products with transposed operands
 * (no explicit transposes). A weight that is a variable is not copied for the tape: nothing
 * disposes a variable, and the optimizer changes it only after the gradients are taken.
 */
export function denseRelu(tf: Tf, x: tfjs.Tensor2D, kernel: tfjs.Tensor2D, bias: tfjs.Tensor1D): tfjs.Tensor2D {
  const op = tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => {
    const [a, w, b, save] = args as [tfjs.Tensor2D, tfjs.Tensor2D, tfjs.Tensor1D, tfjs.GradSaveFunc]
    const [m, k] = a.shape
    const n = w.shape[1]
    // As tf.fused.matMul hands it over: batched operands of batch 1 (some backends want rank 3).
    const inputs = { a: tf.reshape(a, [1, m, k]), b: tf.reshape(w, [1, k, n]), bias: b } as unknown as tfjs.NamedTensorMap
    const attrs = { transposeA: false, transposeB: false, activation: 'relu', leakyreluAlpha: 0 } as unknown as tfjs.NamedAttrMap
    const y = tf.reshape(tf.engine().runKernel('_FusedMatMul', inputs, attrs) as tfjs.Tensor, [m, n]) as tfjs.Tensor2D
    const variable = w instanceof tf.Variable
    save(variable ? [a, y] : [a, y, w])
    return {
      value: y,
      gradFunc: (dy: tfjs.Tensor, saved: tfjs.Tensor[]) => {
        const [input, output] = saved as tfjs.Tensor2D[]
        const weights = variable ? w : (saved[2] as tfjs.Tensor2D)
        const [dz, db] = reluBiasGrad(tf, dy as tfjs.Tensor2D, output)
        return [tf.matMul(dz, weights, false, true), tf.matMul(input, dz, true, false), db]
      }
    }
  })
  return op(x, kernel, bias) as tfjs.Tensor2D
}

const classes = new WeakMap<object, new (args: DenseArgs) => tfjs.layers.Layer>()

// The class extends the Dense of the TF.js instance the trainer loaded (tfjs or tfjs-node), so it is made per instance.
function fusedReluDenseClass(tf: Tf): new (args: DenseArgs) => tfjs.layers.Layer {
  const known = classes.get(tf.layers)
  if (known) return known
  // tfjs exports Dense only through its factory; its class is registered for deserialization.
  const Dense = tf.serialization.SerializationMap.getMap().classNameMap.Dense[0] as unknown as new (args: DenseArgs) => Dense

  class FusedReluDense extends Dense {
    override call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: tfjs.serialization.ConfigDict): tfjs.Tensor | tfjs.Tensor[] {
      const input = (Array.isArray(inputs) ? inputs[0] : inputs) as tfjs.Tensor2D
      // The studio's networks are flat; anything else takes Dense's own path.
      if (input.rank !== 2) return super.call(inputs, kwargs)
      return tf.tidy(() => {
        this.invokeCallHook(inputs, kwargs)
        // Dense.build added the kernel, then the bias.
        const [kernel, bias] = this.weights.map((w) => w.read())
        return denseRelu(tf, input, kernel as tfjs.Tensor2D, bias as tfjs.Tensor1D)
      })
    }
  }
  classes.set(tf.layers, FusedReluDense)
  return FusedReluDense
}
