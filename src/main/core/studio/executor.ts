/**
 * Where a run's training happens. The queue hands a job to an executor and gets its events and
 * result back; whether the job runs in a process here or on another machine is the executor's affair.
 */
import type { TrainerEvents, TrainerResult } from '../training/trainerHost'
import type { TrainJob } from '../training/protocol'
import type { EpochMetrics, RanOn } from '../../../shared/results'

/** A trainer's result, plus where it ran when that was not a trainer process of this host. */
export type ExecutorResult = TrainerResult & { ranOn?: RanOn }

/** A run an earlier host left training on this executor, followed again: the epochs already in its log. */
export interface Resumed {
  logged: EpochMetrics[]
}

export interface RunExecutor {
  /** Whether it can train on WebGPU (the desktop app's trainer windows); absent = no. */
  readonly webgpu?: boolean
  /**
   * Trains the job; never rejects: a crash, a failure or a cancel (through `signal`) is a result.
   * With `resumed`, follows the training an earlier host started (one of `claimWorkspace`'s runs) instead.
   */
  execute(job: TrainJob, events: TrainerEvents, signal: AbortSignal, resumed?: Resumed): Promise<ExecutorResult>
  /**
   * For executors whose runs outlive their host (a queue): called once by the Studio that took the
   * workspace, before any run. Jobs are then tagged with the workspace's id; returns which of the runs
   * an earlier host left queued or running are still on the executor, to be followed again.
   */
  claimWorkspace?(workspaceId: string, leftActive: string[]): Promise<Set<string>>
  /** For executors that keep trainer processes between runs: closes them; called once the runs stopped. */
  releaseTrainers?(): Promise<void>
}
