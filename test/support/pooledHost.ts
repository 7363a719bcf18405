/**
 * A host that trains two jobs at once (one and two threads: two kept trainers) through a local
 * executor and then either simply ends, without releasing its trainers (its idle trainers must
 * neither hold it open nor outlive it), or, with `release`, releases them and then prints (it must
 * live to print). Prints the runs' statuses and the pids of its trainer processes (Linux `ps`).
 * Args: the dataset file, then `end` or `release`.
 */
import { execFileSync } from 'node:child_process'
import { localExecutor } from '../../src/main/core/studio/localExecutor'
import { spawnNodeTrainer } from '../../src/main/core/training/trainerHost'
import { smallSpec } from './synthetic'

async function main(): Promise<void> {
  const executor = localExecutor(spawnNodeTrainer, 2)
  const results = await Promise.all(
    [1, 2].map((threads) =>
      executor.execute(
        { runId: `r${threads}`, spec: smallSpec({ epochs: 1 }), datasetFile: process.argv[2], splitSeed: 1, backend: 'cpu', threads },
        {},
        new AbortController().signal
      )
    )
  )
  const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
  const pids = children
    .split('\n')
    .filter((line) => line.includes('nodeTrainerEntry'))
    .map((line) => Number.parseInt(line, 10))
  if (process.argv[3] === 'release') await executor.releaseTrainers?.()
  process.stdout.write(`${JSON.stringify({ statuses: results.map((r) => r.status), pids })}\n`)
}

void main()
