/**
 * Ten consecutive training runs in one trainer-like process (memoryBenchWorker.ts): live tensors,
 * resident memory and wasm heap size after each, to show that runs leave nothing behind.
 */
import type { BackendRequest } from '../../../shared/results'
import { runBenchProcess } from './benchProcess'

export interface MemoryBenchRequest {
  backend: BackendRequest
  runs: number
  /** Training examples per run (one epoch each), plus a quarter as many for validation and test. */
  examples: number
}

export interface RunMemory {
  run: number
  tensors: number
  rssMB: number
  /** The wasm backend's heap (it grows but never shrinks); 0 on other backends. */
  wasmHeapMB: number
}

export interface MemoryBenchResult {
  backend: string
  runs: RunMemory[]
  /** Last run minus first run: 0 tensors and a few MB at most when nothing leaks. */
  tensorGrowth: number
  rssGrowthMB: number
  peakRssMB: number
}

export function runMemoryBench(request: MemoryBenchRequest): Promise<MemoryBenchResult> {
  // --expose-gc: each measurement follows a full collection, so RSS reflects what is still held.
  return runBenchProcess<MemoryBenchRequest, MemoryBenchResult>('memoryBenchWorker.ts', request, ['--expose-gc'])
}
