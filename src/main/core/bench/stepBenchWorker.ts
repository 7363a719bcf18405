/**
 * Measures training steps of the seed network on one backend, in a process of its own (only trainer-side
 * processes load TensorFlow.js). Started by stepBench.ts; answers with one StepBenchResult message.
 */
import { getPreset } from '../../../shared/presets'
import { selectBackend } from '../training/backend'
import { createModel } from '../training/model'
import { trainModel } from '../training/train'
import { median, peakRssMB, round, serveBenchRequest } from './benchProcess'
import { syntheticImages } from './syntheticImages'
import { parameterMultiplies, type StepBenchRequest, type StepBenchResult } from './stepBench'

async function measure(request: StepBenchRequest): Promise<StepBenchResult> {
  const { tf, choice } = await selectBackend(request.backend, { threads: request.threads })
  const base = getPreset('seed')[0]
  const results: StepBenchResult['results'] = []
  for (const batch of request.batchSizes) {
    const spec = { ...base, batchSize: batch, epochs: request.repeats + 1, validationSplit: 0, earlyStopping: undefined }
    const { model, regularized } = createModel(tf, spec)
    // One epoch = `steps` steps; the first epoch is the warm-up, each later one a sample.
    const { history } = await trainModel({ tf, model, regularized, spec, train: syntheticImages(batch * request.steps, batch), validation: null })
    model.dispose()
    const samples = history.slice(1).map((m) => m.ms / request.steps)
    const msPerStep = median(samples)
    const flopsPerStep = 6 * batch * parameterMultiplies(spec.layers)
    results.push({
      backend: choice.name,
      package: choice.package,
      threads: choice.threads,
      batch,
      msPerStep: round(msPerStep, 2),
      samplesPerSec: Math.round((batch * 1000) / msPerStep),
      gflops: round(flopsPerStep / (msPerStep * 1e6), 2),
      samples: samples.map((s) => round(s, 2))
    })
  }
  return { choice, results, peakRssMB: peakRssMB() }
}

serveBenchRequest(measure)
