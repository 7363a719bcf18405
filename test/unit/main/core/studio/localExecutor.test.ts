import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { localExecutor } from '../../../../../src/main/core/studio/localExecutor'
import { spawnNodeTrainer, type TrainerProcess } from '../../../../../src/main/core/training/trainerHost'
import { smallSpec } from '../../../../support/synthetic'
import { tinyDatasetFolder } from '../../../../support/tinyDataset'

const tiny = tinyDatasetFolder('regstudio-local-')

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('localExecutor', () => {
  it('trains runs one after another in one kept trainer and closes it when the trainers are released', async () => {
    const procs: { exited: boolean }[] = []
    const tracked = (): TrainerProcess => {
      const proc = spawnNodeTrainer()
      const entry = { exited: false }
      proc.onExit(() => (entry.exited = true))
      procs.push(entry)
      return proc
    }
    const executor = localExecutor(tracked, 2)
    const job = (runId: string) => ({ runId, spec: smallSpec({ epochs: 1 }), datasetFile: tiny.datasetFile, splitSeed: 1, backend: 'cpu' as const })
    for (const runId of ['a', 'b', 'c']) {
      const result = await executor.execute(job(runId), {}, new AbortController().signal)
      expect(result.status).toBe('finished')
    }
    expect(procs).toHaveLength(1)
    expect(procs[0].exited).toBe(false)
    await executor.releaseTrainers?.()
    expect(procs[0].exited).toBe(true)
  })

  it.each(['end', 'release'])('lets a host that ends (%s) exit at once, after its output, and its idle trainers with it', async (mode) => {
    const started = Date.now()
    const script = join(__dirname, '../../../../support/pooledHost.ts')
    const host = spawn(process.execPath, ['--require', 'tsx/cjs', script, tiny.datasetFile, mode], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    host.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => host.on('exit', resolve))
    // Well under the 30 s idle time the kept trainer would otherwise wait.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(code).toBe(0)
    // Printed: with `release`, a host awaiting its trainers' exits once ended before printing.
    const { statuses, pids } = JSON.parse(out) as { statuses: string[]; pids: number[] }
    expect(statuses).toEqual(['finished', 'finished'])
    expect(pids).toHaveLength(2)
    const end = Date.now() + 5000
    while (pids.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
    expect(pids.filter(alive)).toEqual([])
  })
})
