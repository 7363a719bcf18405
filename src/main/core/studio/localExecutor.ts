/** The executor of this machine: each job in a trainer process of its own. */
import { runTrainer, type SpawnTrainer } from '../training/trainerHost'
import type { RunExecutor } from './executor'

export function localExecutor(spawn: SpawnTrainer): RunExecutor {
  return { execute: (job, events, signal) => runTrainer(spawn, job, events, signal) }
}
