/** A workspace with real, briefly trained runs of the seed preset, made by `regstudio study` as a user would. */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ImageSet } from '../../src/main/core/datasets/types'
import { encodeCsv } from '../../src/main/core/datasets/writers'
import type { RunRecord } from '../../src/shared/results'
import { runCli } from './cli'
import { syntheticSet } from './synthetic'

export interface TrainedWorkspace {
  workspace: string
  /** The runs by variant name. */
  runs: Record<string, RunRecord>
  test: ImageSet
}

/** Trains `variants` for one epoch on 400 synthetic images (test set: 100) in `dir`/ws, on the wasm backend. */
export async function trainedWorkspace(dir: string, variants: string[]): Promise<TrainedWorkspace> {
  const test = syntheticSet(100, 2)
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(400, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(test))
  const workspace = join(dir, 'ws')
  const r = await runCli(
    ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', variants.join(','),
      '--epochs', '1', '--workspace', workspace, '--out', join(dir, 'study-out'), '--backend', 'wasm', '--concurrency', '1'],
    { timeoutMs: 180_000 }
  )
  if (r.code !== 0) throw new Error(`regstudio study failed (${r.code}): ${r.stderr}`)
  const runs: Record<string, RunRecord> = {}
  for (const id of await readdir(join(workspace, 'runs'))) {
    const record = JSON.parse(await readFile(join(workspace, 'runs', id, 'run.json'), 'utf8')) as RunRecord
    runs[record.name] = record
  }
  return { workspace, runs, test }
}
