/**
 * Where a run's training happens. The queue hands a job to an executor and gets its events and
 * result back; whether the job runs in a process here or on another machine is the executor's affair.
 */
import type { TrainerEvents, TrainerResult } from '../training/trainerHost'
import type { TrainJob } from '../training/protocol'
import type { RanOn } from '../../../shared/results'

/** A trainer's result, plus where it ran when that was not a trainer process of this host. */
export type ExecutorResult = TrainerResult & { ranOn?: RanOn }

export interface RunExecutor {
  /** Whether it can train on WebGPU (the desktop app's trainer windows); absent = no. */
  readonly webgpu?: boolean
  /** Trains the job; never rejects: a crash, a failure or a cancel (through `signal`) is a result. */
  execute(job: TrainJob, events: TrainerEvents, signal: AbortSignal): Promise<ExecutorResult>
}
