import type * as tfjs from '@tensorflow/tfjs'
import type { EarlyStoppingSpec } from '../../../shared/spec'
import type { EpochMetrics } from '../../../shared/results'
import { improves } from '../../../shared/bestEpoch'

type Tf = typeof tfjs

/**
 * Keras-style early stopping: an epoch improves when the monitored value beats the best so far by
 * more than minDelta (lower for losses, higher for accuracies); training stops after `patience`
 * epochs without improvement. With restoreBestWeights, a copy of the best epoch's weights is kept
 * (tfjs has no restoreBestWeights) and put back by restore().
 */
export class EarlyStopping {
  private best = Number.NaN
  private wait = 0
  private snapshot: tfjs.Tensor[] | null = null
  /** 1-based epoch of the best monitored value so far (0 before the first epoch). */
  bestEpoch = 0

  constructor(
    private readonly tf: Tf,
    private readonly model: tfjs.LayersModel,
    private readonly spec: EarlyStoppingSpec
  ) {}

  /** Record an epoch's metrics; true when training should stop now. */
  update(metrics: EpochMetrics): boolean {
    const value = metrics[this.spec.monitor]
    // A NaN loss never improves, so a diverging run stops after `patience` epochs.
    if (value !== undefined && improves(this.spec, value, this.best)) {
      this.best = value
      this.bestEpoch = metrics.epoch
      this.wait = 0
      if (this.spec.restoreBestWeights) this.keepWeights()
      return false
    }
    this.wait += 1
    return this.wait >= this.spec.patience
  }

  private keepWeights(): void {
    const tf = this.tf
    const copy = this.model.getWeights().map((w) => tf.clone(w))
    if (this.snapshot) tf.dispose(this.snapshot)
    this.snapshot = copy
  }

  /** Put the best epoch's weights back; returns that epoch, or null when there is no snapshot. */
  restore(): number | null {
    if (!this.snapshot) return null
    this.model.setWeights(this.snapshot)
    return this.bestEpoch
  }

  dispose(): void {
    if (this.snapshot) this.tf.dispose(this.snapshot)
    this.snapshot = null
  }
}
