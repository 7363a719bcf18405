/**
 * Measures training steps of the seed network on one backend, in a process of its own (only trainer-side
 * processes load TensorFlow.js). Started by stepBench.ts; answers with one StepBenchResult message.
 */
import type { BackendChoice } from '../../../shared/results'
import { getPreset } from '../../../shared/presets'
import { selectBackend } from '../training/backend'
import { createModel } from '../training/model'
import { trainModel } from '../training/train'
import { median, peakRssMB, round, serveBenchRequest } from './benchProcess'
import { syntheticImages } from './syntheticImages'
import { parameterMultiplies, type StepBenchRequest, type StepBenchResult } from './stepBench'

async function measure(request: StepBenchRequest): Promise<StepBenchResult> {
  const { tf, choice } = await selectBackend(request.backend, { threads: request.threads, kernel: request.kernel })
  const base = getPreset('seed')[0]
  const results: StepBenchResult['results'] = []
  for (const batch of request.batchSizes) {
    const steps = Math.max(request.steps, Math.ceil((request.sampleImages ?? 0) / batch))
    const spec = { ...base, batchSize: batch, epochs: request.repeats + 1, validationSplit: 0, earlyStopping: undefined }
    const { model, regularized } = createModel(tf, spec)
    // One epoch = `steps` steps; the first epoch is the warm-up, each later one a sample.
    const cpu = [process.cpuUsage()]
    const onEpoch = (): void => void cpu.push(process.cpuUsage())
    const { history } = await trainModel({ tf, model, regularized, spec, train: syntheticImages(batch * steps, batch), validation: null, onEpoch })
    model.dispose()
    const samples = history.slice(1).map((m) => m.ms / steps)
    const cpuSamples = cpu.slice(2).map((now, i) => (now.user + now.system - cpu[i + 1].user - cpu[i + 1].system) / 1000 / steps)
    const msPerStep = median(samples)
    const flopsPerStep = 6 * batch * parameterMultiplies(spec.layers)
    results.push({
      backend: choice.name,
      package: choice.package,
      threads: choice.threads,
      kernel: kernelOf(choice),
      batch,
      steps,
      msPerStep: round(msPerStep, 2),
      cpuMsPerStep: round(median(cpuSamples), 2),
      samplesPerSec: Math.round((batch * 1000) / msPerStep),
      gflops: round(flopsPerStep / (msPerStep * 1e6), 2),
      samples: samples.map((s) => round(s, 2))
    })
  }
  return { choice, results, peakRssMB: peakRssMB() }
}

/** The products' code as the backend line names it ("wasm: ok, simd kernels"). */
function kernelOf(choice: BackendChoice): string {
  if (choice.name === 'tensorflow') return 'native'
  return /, ([\w-]+) kernels/.exec(choice.reason)?.[1] ?? 'js'
}

serveBenchRequest(measure)
