import { describe, expect, it } from 'vitest'
import type { BackendChoice } from '../../../../../src/shared/results'
import { ladderExecutor } from '../../../../../src/main/core/studio/ladderExecutor'
import type { HostMessage, TrainJob, WorkerMessage } from '../../../../../src/main/core/training/protocol'
import type { SpawnTrainer } from '../../../../../src/main/core/training/trainerHost'
import { outcome } from '../reports/fixtures'
import { smallSpec } from '../../../../support/synthetic'

const job: TrainJob = { runId: 'r1', spec: smallSpec(), datasetFile: '/data/d.rsds', splitSeed: 1, backend: 'auto' }

/** A trainer that answers each job with `reply(job)`: a list of messages, then a normal exit. */
function scripted(reply: (job: TrainJob) => WorkerMessage[]): SpawnTrainer & { jobs: TrainJob[] } {
  const jobs: TrainJob[] = []
  const spawn = (() => {
    const onMessage: ((m: WorkerMessage) => void)[] = []
    const onExit: ((code: number | null, detail: string) => void)[] = []
    return {
      send(message: HostMessage) {
        if (message.type !== 'start') return
        jobs.push(message.job)
        setImmediate(() => {
          for (const m of reply(message.job)) onMessage.forEach((l) => l(m))
          onExit.forEach((l) => l(0, ''))
        })
      },
      onMessage: (l: (m: WorkerMessage) => void) => void onMessage.push(l),
      onExit: (l: (code: number | null, detail: string) => void) => void onExit.push(l),
      kill: () => {}
    }
  }) as SpawnTrainer & { jobs: TrainJob[] }
  spawn.jobs = jobs
  return spawn
}

const choice = (name: BackendChoice['name'], reason: string): BackendChoice => ({ name, package: 'pkg', reason, threads: 1 })
const refuse = (refused: string[]): WorkerMessage => ({ type: 'failed', error: `not available (${refused.join('; ')})`, refused })
const finish = (c: BackendChoice): WorkerMessage[] => [{ type: 'backend', choice: c }, { type: 'finished', outcome: outcome() }]
const signal = new AbortController().signal

describe('ladderExecutor', () => {
  it('auto without native packages tries the window, then a process, naming every refusal in order', async () => {
    const webgpu = scripted((j) => [refuse([...(j.ladder?.tried ?? []), 'webgpu: no WebGPU adapter'])])
    const process = scripted((j) => finish(choice('wasm', `auto: ${[...(j.ladder?.tried ?? []), 'wasm: ok'].join('; ')}`)))
    const executor = ladderExecutor({ process, webgpu, nativePackage: () => null })
    const result = await executor.execute(job, {}, signal)
    expect(result.status).toBe('finished')
    expect(result.backend?.reason).toBe('auto: tfjs-node-gpu: not installed; tfjs-node: not installed; webgpu: no WebGPU adapter; wasm: ok')
    expect(webgpu.jobs[0].ladder).toEqual({ tried: ['tfjs-node-gpu: not installed', 'tfjs-node: not installed'] })

    // The adapter does not change while the app runs: the next auto run skips the window.
    await executor.execute(job, {}, signal)
    expect(webgpu.jobs).toHaveLength(1)
    expect(process.jobs[1].ladder?.tried.at(-1)).toBe('webgpu: no WebGPU adapter')
  })

  it('auto with a native package that loads trains there and never opens a window', async () => {
    const webgpu = scripted(() => [])
    const process = scripted(() => finish(choice('tensorflow', 'auto: tfjs-node-gpu: ok')))
    const result = await ladderExecutor({ process, webgpu, nativePackage: () => '@tensorflow/tfjs-node-gpu' }).execute(job, {}, signal)
    expect(result.backend?.name).toBe('tensorflow')
    expect(process.jobs[0].ladder).toEqual({ tried: [], stopAtWebgpu: true })
    expect(webgpu.jobs).toHaveLength(0)
  })

  it('auto with a native package that fails to load (e.g. the wrong CUDA) trains on the GPU window', async () => {
    const process = scripted(() => [refuse(['tfjs-node-gpu: libcudart.so.11.0: cannot open shared object file', 'tfjs-node: not installed'])])
    const webgpu = scripted((j) => finish(choice('webgpu', `auto: ${[...(j.ladder?.tried ?? []), 'webgpu: ok (nvidia ampere)'].join('; ')}`)))
    const result = await ladderExecutor({ process, webgpu, nativePackage: () => '@tensorflow/tfjs-node-gpu' }).execute(job, {}, signal)
    expect(result.backend).toMatchObject({ name: 'webgpu', reason: 'auto: tfjs-node-gpu: libcudart.so.11.0: cannot open shared object file; tfjs-node: not installed; webgpu: ok (nvidia ampere)' })
    expect(process.jobs).toHaveLength(1)
  })

  it('sends a forced backend to its own trainer, and a real failure is not a refusal', async () => {
    const webgpu = scripted(() => [{ type: 'failed', error: 'the GPU device was lost (unknown)' }])
    const process = scripted(() => finish(choice('cpu', 'forced: cpu: ok')))
    const executor = ladderExecutor({ process, webgpu, nativePackage: () => null })
    expect(executor.webgpu).toBe(true)
    expect(await executor.execute({ ...job, backend: 'webgpu' }, {}, signal)).toMatchObject({ status: 'failed', error: 'the GPU device was lost (unknown)' })
    expect(await executor.execute({ ...job, backend: 'cpu' }, {}, signal)).toMatchObject({ status: 'finished', backend: { name: 'cpu' } })
    expect(process.jobs.map((j) => j.backend)).toEqual(['cpu'])
    expect(webgpu.jobs.map((j) => j.backend)).toEqual(['webgpu'])
  })
})
