/**
 * Where a run's training happens. The queue hands a job to an executor and gets its events and
 * result back; whether the job runs in a process here or on another machine is the executor's affair.
 */
import type { TrainerEvents, TrainerResult } from '../training/trainerHost'
import type { TrainJob } from '../training/protocol'

export interface RunExecutor {
  /** Trains the job; never rejects: a crash, a failure or a cancel (through `signal`) is a result. */
  execute(job: TrainJob, events: TrainerEvents, signal: AbortSignal): Promise<TrainerResult>
}
