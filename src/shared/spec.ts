/** Model and training specification: the JSON a user edits, validated by validateSpec(). */

export type Activation = 'relu' | 'sigmoid' | 'tanh' | 'elu' | 'selu' | 'linear' | 'softmax'

export interface DenseLayerSpec {
  type: 'dense'
  units: number
  activation: Activation
  /** L1 kernel regularization factor (0 or absent = none). */
  l1?: number
  /** L2 kernel regularization factor (0 or absent = none). */
  l2?: number
}

export interface DropoutLayerSpec {
  type: 'dropout'
  rate: number
}

export type LayerSpec = DenseLayerSpec | DropoutLayerSpec

export type OptimizerName = 'rmsprop' | 'adam' | 'sgd'

export interface OptimizerSpec {
  name: OptimizerName
  learningRate: number
}

export type MonitorName = 'val_loss' | 'val_accuracy' | 'loss' | 'accuracy'

export interface EarlyStoppingSpec {
  monitor: MonitorName
  patience: number
  minDelta: number
  restoreBestWeights: boolean
}

export interface ModelSpec {
  /** Variant name, e.g. "baseline", "dropout". */
  name: string
  /** Hidden and output layers; input is always 784 (28x28 flattened), output must be Dense 10 softmax. */
  layers: LayerSpec[]
  optimizer: OptimizerSpec
  /** Always sparse categorical cross-entropy in this product. */
  loss: 'sparseCategoricalCrossentropy'
  epochs: number
  batchSize: number
  /** Share of the training data held out for validation (stratified), 0 <= f < 1. */
  validationSplit: number
  earlyStopping?: EarlyStoppingSpec
  seed: number
  /** Divide pixels by 255 (on by default). */
  normalize: boolean
}

/** One validation problem: a JSON-pointer-like path (e.g. "layers[1].rate") and a sentence. */
export interface SpecIssue {
  path: string
  message: string
}
