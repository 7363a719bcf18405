/**
 * The robustness process: loads TensorFlow.js (through training/backend.ts, as the trainer does)
 * and the runs' models, measures test accuracy under each perturbation, answers once and exits.
 * Started by robustnessProcess.ts; it never runs in a host process, so a probe cannot freeze the UI.
 */
import type * as tfjs from '@tensorflow/tfjs'
import { PIXELS } from '../../../shared/dataset'
import { readDatasetFile } from '../datasets/cache'
import { fingerprintDataset } from '../datasets/fingerprint'
import type { ImageSet } from '../datasets/types'
import { fileLoadHandler } from '../runs/modelFiles'
import { selectBackend } from '../training/backend'
import { PERTURBATIONS, perturbedBatch, type Perturbation } from './perturbations'
import type { ProbeAccuracy, ProbeAnswer, ProbeJob, ProbeMessage } from './probeJob'

type Tf = typeof tfjs

/** Images per forward pass: large enough to keep the matrix products efficient, small enough for little memory. */
const BATCH = 500

/** Share of the set's images the model classifies right after perturbation `p` (clean when null). */
function accuracy(tf: Tf, model: tfjs.LayersModel, set: ImageSet, p: Perturbation | null, seed: number, normalize: boolean): number {
  let correct = 0
  for (let start = 0; start < set.count; start += BATCH) {
    const end = Math.min(set.count, start + BATCH)
    const x = perturbedBatch(set, start, end, p, seed)
    // A network trained on raw pixels gets them as it was trained: 0..255.
    if (!normalize) for (let i = 0; i < x.length; i++) x[i] *= 255
    const predicted = tf.tidy(() => (model.predict(tf.tensor2d(x, [end - start, PIXELS])) as tfjs.Tensor).argMax(-1).dataSync())
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === set.labels[start + i]) correct += 1
  }
  return set.count > 0 ? correct / set.count : 0
}

async function probe(job: ProbeJob): Promise<ProbeAnswer> {
  const { tf } = await selectBackend(job.backend, { threads: job.threads })
  const dataset = await readDatasetFile(job.datasetFile)
  const runs: ProbeAnswer['runs'] = []
  // One step per measured test pass: the clean one and each plan step, per run.
  const total = job.runs.length * (1 + job.plan.length)
  let done = 0
  const measured = <T>(value: T): T => {
    done += 1
    process.send!({ progress: { done, total } } satisfies ProbeMessage)
    return value
  }
  for (const run of job.runs) {
    const model = await tf.loadLayersModel(fileLoadHandler(run.modelDir))
    try {
      const clean = measured(accuracy(tf, model, dataset.test, null, job.seed, run.normalize))
      // Each perturbation's curve in order of strength, from the clean accuracy at 0.
      const accuracies: ProbeAccuracy[] = PERTURBATIONS.flatMap((perturbation) => [
        { perturbation, strength: 0, accuracy: clean },
        ...job.plan
          .filter((p) => p.perturbation === perturbation)
          .sort((a, b) => a.strength - b.strength)
          .map((p) => ({ ...p, accuracy: measured(accuracy(tf, model, dataset.test, p, job.seed, run.normalize)) }))
      ])
      runs.push({ runId: run.runId, accuracies })
    } finally {
      model.dispose()
    }
  }
  return { fingerprint: fingerprintDataset(dataset), testImages: dataset.test.count, runs }
}

// A host that is gone needs no answer: stop rather than hold the cores.
process.on('disconnect', () => process.exit(1))
process.once('message', (job: ProbeJob) => {
  probe(job).then(
    (answer) => process.send!({ answer } satisfies ProbeMessage, () => process.exit(0)),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) } satisfies ProbeMessage, () => process.exit(1))
  )
})
