/** The process side of memoryBench.ts: trains, evaluates and disposes the seed network `runs` times. */
import { getPreset } from '../../../shared/presets'
import { evaluateModel } from '../training/evaluate'
import { selectBackend } from '../training/backend'
import { createModel } from '../training/model'
import { trainModel } from '../training/train'
import { syntheticImages } from './syntheticImages'
import { peakRssMB, round, serveBenchRequest } from './benchProcess'
import type { MemoryBenchRequest, MemoryBenchResult, RunMemory } from './memoryBench'

async function measure(request: MemoryBenchRequest): Promise<MemoryBenchResult> {
  const { tf, choice } = await selectBackend(request.backend)
  const spec = { ...getPreset('seed')[0], epochs: 1 }
  const train = syntheticImages(request.examples, 1)
  const held = syntheticImages(Math.max(1, request.examples >> 2), 2)
  const heap = (): number => {
    const wasm = (tf.backend() as { wasm?: { HEAPU8: Uint8Array } }).wasm
    return wasm ? round(wasm.HEAPU8.length / 2 ** 20, 1) : 0
  }
  const runs: RunMemory[] = []
  for (let run = 1; run <= request.runs; run++) {
    const { model, regularized } = createModel(tf, spec)
    await trainModel({ tf, model, regularized, spec, train, validation: held })
    await evaluateModel(tf, model, regularized, train, held, spec.normalize)
    model.dispose()
    ;(globalThis as { gc?: () => void }).gc?.()
    runs.push({ run, tensors: tf.memory().numTensors, rssMB: round(process.memoryUsage().rss / 2 ** 20, 1), wasmHeapMB: heap() })
  }
  const first = runs[0]
  const last = runs[runs.length - 1]
  return {
    backend: choice.name,
    runs,
    tensorGrowth: last.tensors - first.tensors,
    rssGrowthMB: round(last.rssMB - first.rssMB, 1),
    peakRssMB: peakRssMB()
  }
}

serveBenchRequest(measure)
