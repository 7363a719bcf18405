/**
 * A host that trains one job through a local executor and then simply ends, without releasing its
 * trainers: its kept (idle) trainer must neither hold it open nor outlive it. Prints the run's status
 * and the pids of its trainer processes (Linux `ps`). Args: the dataset file.
 */
import { execFileSync } from 'node:child_process'
import { localExecutor } from '../../src/main/core/studio/localExecutor'
import { spawnNodeTrainer } from '../../src/main/core/training/trainerHost'
import { smallSpec } from './synthetic'

async function main(): Promise<void> {
  const executor = localExecutor(spawnNodeTrainer, 1)
  const result = await executor.execute(
    { runId: 'r', spec: smallSpec({ epochs: 1 }), datasetFile: process.argv[2], splitSeed: 1, backend: 'cpu' },
    {},
    new AbortController().signal
  )
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
  const pids = children
    .split('\n')
    .filter((line) => line.includes('nodeTrainerEntry'))
    .map((line) => Number.parseInt(line, 10))
  process.stdout.write(`${JSON.stringify({ status: result.status, pids })}\n`)
}

void main()
