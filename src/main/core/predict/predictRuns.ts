/** Try-it predictions: each finished run's class probabilities for one 28×28 image, from its saved model. */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { PIXELS } from '../../../shared/dataset'
import { UserError } from '../../../shared/errors'
import { readTrainedModel, type DenseWeights } from '../export/readTrainedModel'
import { RunStore } from '../runs/runStore'
import { forwardPass } from './forwardPass'

export interface RunPrediction {
  runId: string
  /** One per output unit of the run's model. */
  probabilities: number[]
}

interface CachedModel {
  stamp: number
  dense: DenseWeights[]
  normalize: boolean
}

/** Models kept parsed: a comparison's worth, so a drawing is answered without re-reading the weights each stroke. */
const KEPT_MODELS = 12

/** Reads each run's model once (again when its model.json changes) and predicts with it. */
export class RunPredictor {
  private readonly models = new Map<string, CachedModel>()
  private readonly store: RunStore

  constructor(private readonly workspace: string) {
    this.store = new RunStore(workspace)
  }

  /** Probabilities per run, in the order asked; `pixels` is one image's 784 bytes, 0..255, row-major. */
  async predict(runIds: readonly string[], pixels: Uint8Array): Promise<RunPrediction[]> {
    if (pixels.length !== PIXELS) throw new UserError('invalid_request', `an image must have ${PIXELS} pixels (28×28), got ${pixels.length}`)
    const predictions: RunPrediction[] = []
    for (const runId of runIds) {
      const model = await this.model(runId)
      const input = Float32Array.from(pixels, (p) => (model.normalize ? p / 255 : p))
      predictions.push({ runId, probabilities: Array.from(forwardPass(model.dense, input)) })
    }
    return predictions
  }

  private async model(runId: string): Promise<CachedModel> {
    const stamp = await stat(join(this.store.modelDir(runId), 'model.json')).then(
      (s) => s.mtimeMs,
      () => -1
    )
    const hit = this.models.get(runId)
    if (hit && hit.stamp === stamp && stamp !== -1) return hit
    // Not finished or damaged: readTrainedModel's one line, naming the run.
    const { dense, record } = await readTrainedModel(this.workspace, runId)
    const model = { stamp, dense, normalize: record.spec.normalize }
    this.models.delete(runId)
    this.models.set(runId, model)
    if (this.models.size > KEPT_MODELS) this.models.delete(this.models.keys().next().value as string)
    return model
  }
}
