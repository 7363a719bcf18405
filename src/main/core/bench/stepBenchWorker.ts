/**
 * Measures training steps of the seed network on one backend, in a process of its own (only trainer-side
 * processes load TensorFlow.js). Started by stepBench.ts; answers with one StepBenchResult message.
 */
import { PIXELS } from '../../../shared/dataset'
import { getPreset } from '../../../shared/presets'
import { createRng } from '../util/rng'
import type { ImageSet } from '../datasets/types'
import { selectBackend } from '../training/backend'
import { createModel } from '../training/model'
import { trainModel } from '../training/train'
import type { StepBenchRequest, StepBenchResult } from './stepBench'

function syntheticSet(count: number, seed: number): ImageSet {
  const rng = createRng(seed)
  const images = new Uint8Array(count * PIXELS)
  for (let i = 0; i < images.length; i++) images[i] = (rng() * 256) | 0
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) labels[i] = i % 10
  return { count, images, labels }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function measure(request: StepBenchRequest): Promise<StepBenchResult> {
  const { tf, choice } = await selectBackend(request.backend)
  const base = getPreset('seed')[0]
  const results: StepBenchResult['results'] = []
  for (const batch of request.batchSizes) {
    const spec = { ...base, batchSize: batch, epochs: request.repeats + 1, validationSplit: 0, earlyStopping: undefined }
    const model = createModel(tf, spec)
    // One epoch = `steps` steps; the first epoch is the warm-up, each later one a sample.
    const { history } = await trainModel({ tf, model, spec, train: syntheticSet(batch * request.steps, batch), validation: null })
    model.dispose()
    const samples = history.slice(1).map((m) => m.ms / request.steps)
    const msPerStep = median(samples)
    const flopsPerStep = 6 * batch * parameterMultiplies(spec.layers)
    results.push({
      backend: choice.name,
      package: choice.package,
      batch,
      msPerStep: round(msPerStep, 2),
      samplesPerSec: Math.round((batch * 1000) / msPerStep),
      gflops: round(flopsPerStep / (msPerStep * 1e6), 2),
      samples: samples.map((s) => round(s, 2))
    })
  }
  return { choice, results, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }
}

/** Multiply-adds of one forward pass per example; a training step is about three passes of two flops each. */
function parameterMultiplies(layers: { type: string; units?: number }[]): number {
  let inputs = PIXELS
  let total = 0
  for (const layer of layers) {
    if (layer.type === 'dense' && layer.units) {
      total += inputs * layer.units
      inputs = layer.units
    }
  }
  return total
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

process.once('message', (request: StepBenchRequest) => {
  measure(request).then(
    (result) => process.send!(result, () => process.exit(0)),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(1))
  )
})
