/** Runs stepBenchWorker.ts in a child process for one backend and returns what it measured. */
import type { BackendChoice, BackendRequest } from '../../../shared/results'
import { runBenchProcess } from './benchProcess'

export interface StepBenchRequest {
  backend: BackendRequest
  /** wasm only: threads for the matrix products (default: every core). */
  threads?: number
  batchSizes: number[]
  /** Steps per timed sample. */
  steps: number
  /** Timed samples after the warm-up; the median is reported. */
  repeats: number
}

export interface StepTiming {
  backend: string
  package: string
  threads: number
  batch: number
  msPerStep: number
  samplesPerSec: number
  gflops: number
  samples: number[]
}

/** peakRssMB: the benchmark process's own peak resident memory. */
export type StepBenchResult = { choice: BackendChoice; results: StepTiming[]; peakRssMB: number }

export function runStepBench(request: StepBenchRequest): Promise<StepBenchResult> {
  return runBenchProcess<StepBenchRequest, StepBenchResult>('stepBenchWorker.ts', request)
}
