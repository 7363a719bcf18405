/**
 * The desktop app's executor: trainer processes, plus a WebGPU trainer window for 'webgpu' jobs and
 * for the webgpu rung of 'auto'. The window cannot sit inside a process's ladder, so 'auto' runs in
 * stages, each refusal recorded with its reason: the native rungs in a process (skipped when no
 * native package is installed), then the window, then a process again for wasm and cpu.
 */
import { NATIVE_PACKAGES, installedNativePackage } from '../training/backendAvailability'
import type { TrainJob } from '../training/protocol'
import { runTrainer, type SpawnTrainer, type TrainerEvents, type TrainerResult } from '../training/trainerHost'
import { TrainerPool } from '../training/trainerPool'
import type { RunExecutor } from './executor'

export interface LadderSpawners {
  /** A trainer process (Electron: utilityProcess), kept between runs (trainerPool.ts). */
  process: SpawnTrainer
  /** Runs trained at once: the trainer processes kept at most (default 1). */
  lanes?: number
  /** A WebGPU trainer window. */
  webgpu: SpawnTrainer
  /** The native package installed, or null (injectable for tests). */
  nativePackage?: () => string | null
}

/** The reasons of a stage that found no usable rung, or null when the stage trained (or failed otherwise). */
function refusedBy(result: TrainerResult): string[] | null {
  return result.status === 'failed' && result.refused ? result.refused : null
}

export function ladderExecutor(spawners: LadderSpawners): RunExecutor {
  const nativePackage = spawners.nativePackage ?? (() => installedNativePackage())
  // The adapter does not change while the app runs: once the window refused it, 'auto' skips the window.
  let webgpuRefusal: string | null = null

  const processes = new TrainerPool(spawners.process, { size: spawners.lanes ?? 1 })
  // A WebGPU window trains one job (its page trainer does not stay); processes are kept.
  const run = (spawn: SpawnTrainer, job: TrainJob, events: TrainerEvents, signal: AbortSignal): Promise<TrainerResult> =>
    spawn === spawners.process ? processes.run(job, events, signal) : runTrainer(spawn, job, events, signal)

  return {
    webgpu: true,
    releaseTrainers: () => processes.close(),
    async execute(job, events, signal) {
      if (job.backend === 'webgpu') return run(spawners.webgpu, job, events, signal)
      if (job.backend !== 'auto') return run(spawners.process, job, events, signal)

      let tried = NATIVE_PACKAGES.map((pkg) => `${pkg.replace('@tensorflow/', '')}: not installed`)
      if (nativePackage() !== null) {
        const native = await run(spawners.process, { ...job, ladder: { tried: [], stopAtWebgpu: true } }, events, signal)
        const refused = refusedBy(native)
        if (!refused) return native
        tried = refused
      }
      if (webgpuRefusal === null && !signal.aborted) {
        const gpu = await run(spawners.webgpu, { ...job, ladder: { tried } }, events, signal)
        const refused = refusedBy(gpu)
        if (!refused) return gpu
        webgpuRefusal = refused[refused.length - 1] ?? 'webgpu: refused'
      }
      return run(spawners.process, { ...job, ladder: { tried: [...tried, webgpuRefusal ?? 'webgpu: refused'] } }, events, signal)
    }
  }
}
