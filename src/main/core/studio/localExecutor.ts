/** The executor of this machine: jobs in trainer processes here, kept between runs (trainerPool.ts). */
import type { SpawnTrainer } from '../training/trainerHost'
import { TrainerPool } from '../training/trainerPool'
import type { RunExecutor } from './executor'

/** `lanes`: the runs trained at once (the queue's concurrency), so the processes kept at most. */
export function localExecutor(spawn: SpawnTrainer, lanes = 1): RunExecutor {
  const pool = new TrainerPool(spawn, { size: lanes })
  return { execute: (job, events, signal) => pool.run(job, events, signal), releaseTrainers: () => pool.close() }
}
