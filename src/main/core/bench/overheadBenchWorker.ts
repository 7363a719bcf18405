/**
 * Times each phase of a trainer's run with the trainer's own functions (worker.ts does the same
 * steps in the same order), in a process of its own. Started by overheadBench.ts.
 */
import { getPreset } from '../../../shared/presets'
import { readDatasetFile } from '../datasets/cache'
import { fileSaveHandler } from '../runs/modelFiles'
import { selectBackend } from '../training/backend'
import { evaluateModel } from '../training/evaluate'
import { jobSplit } from '../training/jobSplit'
import { createModel } from '../training/model'
import { serveBenchRequest } from './benchProcess'
import type { OverheadPhases, OverheadRequest } from './overheadBench'

const startedAt = Date.now()

async function measure(request: OverheadRequest): Promise<OverheadPhases> {
  const spec = getPreset('seed')[0]
  let t = performance.now()
  let cpu = process.cpuUsage()
  const cpuMs: Record<string, number> = {}
  /** Wall ms since the last lap; the process's CPU ms (all threads) go to `cpuMs[name]`. */
  const lap = (name: string): number => {
    const now = performance.now()
    const ms = now - t
    const used = process.cpuUsage(cpu)
    cpuMs[name] = Math.round((used.user + used.system) / 1000)
    t = now
    cpu = process.cpuUsage()
    return Math.round(ms)
  }
  const { tf } = await selectBackend('wasm')
  const backendMs = lap('backendMs')
  const dataset = await readDatasetFile(request.datasetFile)
  const { train } = jobSplit(dataset.train, spec.validationSplit, spec.seed)
  const datasetMs = lap('datasetMs')
  const { model, regularized } = createModel(tf, spec)
  const modelMs = lap('modelMs')
  await evaluateModel(tf, model, regularized, train, dataset.test, spec.normalize)
  const evaluationMs = lap('evaluationMs')
  await model.save(fileSaveHandler(request.modelDir))
  const saveMs = lap('saveMs')
  model.dispose()
  return { processStartMs: startedAt - request.forkedAt, backendMs, datasetMs, modelMs, evaluationMs, saveMs, cpuMs }
}

serveBenchRequest(measure)
