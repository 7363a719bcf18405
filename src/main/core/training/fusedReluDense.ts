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

/** The forward kernel: the backend's own _FusedMatMul with a ReLU, under a name whose gradient is ours. */
export const DENSE_RELU = 'RegStudioDenseRelu'

const RELU_ATTRS = { transposeA: false, transposeB: false, activation: 'relu', leakyreluAlpha: 0 }

/**
 * Backward: dz = dy * (y > 0) and db = sum(dz, 0) in one pass, then dx = dz W^T and dW = x^T dz as
 * products with transposed operands (no explicit transposes), as TF.js's MatMul gradient has them.
 * The engine asks only for the gradients it needs: none for the first layer's input, which saves
 * that product.
 */
function denseReluGradient(tf: Tf): tfjs.GradConfig {
  return {
    kernelName: DENSE_RELU,
    inputsToSave: ['a', 'b'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [x, w, y] = saved as [tfjs.Tensor2D, tfjs.Tensor2D, tfjs.Tensor2D]
      const [dz, db] = reluBiasGrad(tf, dy as tfjs.Tensor2D, y)
      return {
        a: () => tf.matMul(dz, w, false, true),
        b: () => tf.matMul(x, dz, true, false),
        bias: () => db
      }
    }
  }
}

/** The kernel and its gradient, registered for the current backend the first time it is used there. */
function ensureDenseRelu(tf: Tf): void {
  const backendName = tf.getBackend()
  if (tf.getKernel(DENSE_RELU, backendName)) return
  if (!tf.getGradient(DENSE_RELU)) tf.registerGradient(denseReluGradient(tf))
  tf.registerKernel({
    kernelName: DENSE_RELU,
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      // Looked up per call: the wasm product kernels replace _FusedMatMul when they are installed.
      const fused = tf.getKernel('_FusedMatMul', backendName) as tfjs.KernelConfig
      const run = (operands: tfjs.NamedTensorInfoMap): tfjs.TensorInfo =>
        fused.kernelFunc({ inputs: operands, backend, attrs: RELU_ATTRS as unknown as tfjs.NamedAttrMap }) as tfjs.TensorInfo
      if (backendName !== 'wasm') return run(inputs)
      // wasm's own (XNNPACK) kernel reads three dimensions; its data is flat, so batch-1 views cost nothing.
      const { a, b, bias } = inputs as Record<string, tfjs.TensorInfo>
      const out = run({ a: { ...a, shape: [1, ...a.shape] }, b: { ...b, shape: [1, ...b.shape] }, bias })
      return { ...out, shape: out.shape.slice(1) }
    }
  })
}

/**
 * relu(x W + b) as one fused product, differentiable (see denseReluGradient). The operands stay
 * two-dimensional on the tape, as a Reshape there would copy its input for the backward pass.
 */
export function denseRelu(tf: Tf, x: tfjs.Tensor2D, kernel: tfjs.Tensor2D, bias: tfjs.Tensor1D): tfjs.Tensor2D {
  ensureDenseRelu(tf)
  return tf.engine().runKernel(DENSE_RELU, { a: x, b: kernel, bias } as unknown as tfjs.NamedTensorMap) as tfjs.Tensor2D
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
