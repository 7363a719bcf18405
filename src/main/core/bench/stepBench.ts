/** Runs stepBenchWorker.ts in a child process for one backend and returns what it measured. */
import { PIXELS } from '../../../shared/dataset'
import type { BackendChoice, BackendRequest } from '../../../shared/results'
import type { KernelVariant } from '../fastKernels'
import { runBenchProcess } from './benchProcess'

export interface StepBenchRequest {
  backend: BackendRequest
  /** wasm only: threads for the matrix products (default: every core). */
  threads?: number
  /** wasm only: the products' code (default: the fastest the runtime has). */
  kernel?: KernelVariant
  batchSizes: number[]
  /** Steps per timed sample (at least). */
  steps: number
  /**
   * Images per timed sample, at least: small batches then take more steps, so that a sample
   * outlasts timer noise and a stray pause (10 steps at batch 32 are about 60 ms on wasm).
   */
  sampleImages?: number
  /** Timed samples after the warm-up; the median is reported. */
  repeats: number
}

export interface StepTiming {
  backend: string
  package: string
  threads: number
  /** The products' code: relaxed-simd-fma or simd on wasm, js on cpu, native on tensorflow. */
  kernel: string
  batch: number
  /** Steps in each timed sample. */
  steps: number
  msPerStep: number
  /** CPU time of the process per step, all its threads (median): the figure least moved by other load. */
  cpuMsPerStep: number
  samplesPerSec: number
  gflops: number
  samples: number[]
}

/** peakRssMB: the benchmark process's own peak resident memory. */
export type StepBenchResult = { choice: BackendChoice; results: StepTiming[]; peakRssMB: number }

export function runStepBench(request: StepBenchRequest): Promise<StepBenchResult> {
  return runBenchProcess<StepBenchRequest, StepBenchResult>('stepBenchWorker.ts', request)
}

/** Multiply-adds of one forward pass per example; a training step is about three passes of two flops each. */
export function parameterMultiplies(layers: { type: string; units?: number }[]): number {
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
