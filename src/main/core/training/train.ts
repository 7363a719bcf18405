import type * as tfjs from '@tensorflow/tfjs'
import type { ModelSpec } from '../../../shared/spec'
import type { BatchProgress, EpochMetrics, TrainOutcome } from '../../../shared/results'
import { UserError } from '../../../shared/errors'
import type { ImageSet } from '../datasets/types'
import { createRng, shuffleInPlace } from '../util/rng'
import { batchTensors } from './batches'
import { EarlyStopping } from './earlyStopping'
import { yieldToEventLoop } from './eventLoop'
import { correctCount, crossEntropyPerSample, regularizationPenalty } from './losses'
import { measureSet } from './measure'
import { reseedDropout, type RegularizedKernel } from './model'
import { createOptimizer, type StepOptimizer } from './optimizer'

type Tf = typeof tfjs

/** About ten progress reports per second; the event loop also gets a turn at each one. */
const PROGRESS_INTERVAL_MS = 100
/** Keeps the shuffle/dropout stream apart from the initializer stream that uses spec.seed itself. */
const TRAINING_STREAM = 0x9e3779b9

export interface TrainArgs {
  tf: Tf
  model: tfjs.LayersModel
  /** The kernels createModel regularized, with their strengths: their penalties join the loss. */
  regularized: readonly RegularizedKernel[]
  spec: ModelSpec
  train: ImageSet
  validation: ImageSet | null
  /** Throttled to about 10 calls per second, plus the last batch of each epoch. */
  onBatch?: (progress: BatchProgress) => void
  onEpoch?: (metrics: EpochMetrics) => void | Promise<void>
  /** Checked after every batch: true stops after the current batch, keeping the history. */
  shouldStop?: () => boolean
}

/** What the loop itself knows; the worker adds the evaluation and the run's wall time. */
export type TrainResult = Omit<TrainOutcome, 'seconds' | 'evaluation'>

interface Sums {
  loss: tfjs.Scalar
  correct: tfjs.Scalar
}

/**
 * One optimizer step on a batch; returns the epoch's running sums (loss times batch size, correct
 * predictions) with this batch added, without reading anything back from the device.
 */
function trainStep(
  tf: Tf,
  model: tfjs.LayersModel,
  regularized: readonly RegularizedKernel[],
  optimizer: StepOptimizer,
  variables: tfjs.Variable[],
  x: tfjs.Tensor2D,
  y: tfjs.Tensor1D,
  sums: Sums
): Sums {
  // The loss function runs inside the gradient tape's own scope; the accuracy it computes on the
  // side is kept out of that scope and released here.
  const kept: tfjs.Tensor[] = []
  const [loss, correct] = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const probs = model.apply(x, { training: true }) as tfjs.Tensor2D
      kept.push(tf.keep(correctCount(tf, probs, y)))
      return tf.add(tf.mean(crossEntropyPerSample(tf, probs, y)), regularizationPenalty(tf, regularized)) as tfjs.Scalar
    }, variables)
    optimizer.applyGradients(grads)
    return [tf.add(sums.loss, tf.mul(value, x.shape[0])), tf.add(sums.correct, kept[0])]
  })
  tf.dispose(kept)
  return { loss: loss as tfjs.Scalar, correct: correct as tfjs.Scalar }
}

/**
 * Train with a custom loop: per batch, a forward pass in training mode, sparse categorical
 * cross-entropy plus the kernel regularizers' penalties, gradients for every trainable weight and
 * one optimizer update. Per-epoch validation runs in inference mode on the held-out set. Tensors
 * made here are all disposed: only the model's weights remain afterwards.
 */
export async function trainModel(args: TrainArgs): Promise<TrainResult> {
  const { tf, model, regularized, spec, train, validation, onBatch, onEpoch, shouldStop } = args
  const monitor = spec.earlyStopping?.monitor
  if (monitor?.startsWith('val_') && (!validation || validation.count === 0)) {
    throw new UserError(
      'invalid_spec',
      `earlyStopping.monitor is '${monitor}' but there is no validation data: set validationSplit above 0 or monitor 'loss'.`
    )
  }

  const rng = createRng((spec.seed ^ TRAINING_STREAM) >>> 0)
  const optimizer = createOptimizer(tf, spec.optimizer)
  const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable)
  const stopper = spec.earlyStopping ? new EarlyStopping(tf, model, spec.earlyStopping) : null
  const order = Int32Array.from({ length: train.count }, (_, i) => i)
  const batches = Math.ceil(train.count / spec.batchSize)

  const history: EpochMetrics[] = []
  let steps = 0
  let stepMs = 0
  let overheadMs = 0
  let cancelled = false
  let stoppedEarly = false
  let lastReport = -Infinity

  try {
    for (let epoch = 1; epoch <= spec.epochs && !cancelled && !stoppedEarly; epoch++) {
      const epochStart = performance.now()
      const stepMsBefore = stepMs
      shuffleInPlace(order, rng)
      let sums: Sums = { loss: tf.scalar(0), correct: tf.scalar(0) }
      let seen = 0
      try {
        for (let batch = 1; batch <= batches; batch++) {
          const start = (batch - 1) * spec.batchSize
          const end = Math.min(train.count, start + spec.batchSize)
          const stepStart = performance.now()
          reseedDropout(model, rng)
          const { x, y } = batchTensors(tf, train, order, start, end, spec.normalize)
          const next = trainStep(tf, model, regularized, optimizer, variables, x, y, sums)
          tf.dispose([x, y, sums.loss, sums.correct])
          sums = next
          seen += end - start
          steps += 1
          stepMs += performance.now() - stepStart

          const now = performance.now()
          if (now - lastReport >= PROGRESS_INTERVAL_MS || batch === batches) {
            lastReport = now
            if (onBatch) {
              // Asynchronous reads: WebGPU has no dependable synchronous one.
              const [lossSum, correctSum] = await Promise.all([sums.loss.data(), sums.correct.data()])
              const msPerStep = stepMs / steps
              const stepsLeft = (spec.epochs - epoch) * batches + (batches - batch)
              const overheadLeft = epoch > 1 ? (overheadMs / (epoch - 1)) * (spec.epochs - epoch + 1) : 0
              onBatch({
                epoch,
                epochs: spec.epochs,
                batch,
                batches,
                loss: lossSum[0] / seen,
                accuracy: correctSum[0] / seen,
                msPerStep,
                etaMs: msPerStep * stepsLeft + overheadLeft
              })
            }
            await yieldToEventLoop()
          }
          if (shouldStop?.()) {
            cancelled = true
            break
          }
        }
        // Cancelled before the epoch's last batch: its partial numbers are not recorded.
        if (seen < train.count) break

        const [lossSum, correctSum] = await Promise.all([sums.loss.data(), sums.correct.data()])
        const trained = { loss: lossSum[0] / seen, accuracy: correctSum[0] / seen }
        const held = validation && validation.count > 0 ? await measureSet(tf, model, regularized, validation, spec.normalize) : null
        const ms = performance.now() - epochStart
        const metrics: EpochMetrics = { epoch, loss: trained.loss, accuracy: trained.accuracy, ms }
        if (held) {
          metrics.val_loss = held.loss
          metrics.val_accuracy = held.accuracy
        }
        history.push(metrics)
        overheadMs += ms - (stepMs - stepMsBefore)
        stoppedEarly = stopper?.update(metrics) === true && epoch < spec.epochs
        await onEpoch?.(metrics)
      } finally {
        tf.dispose([sums.loss, sums.correct])
      }
    }
    const restored = stopper?.restore() ?? null
    return {
      history,
      bestEpoch: restored ?? history.length,
      epochsRun: history.length,
      stoppedEarly,
      cancelled,
      msPerStep: steps > 0 ? stepMs / steps : 0
    }
  } finally {
    stopper?.dispose()
    optimizer.dispose()
  }
}
