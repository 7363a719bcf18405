import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeDatasetFile } from '../../../../../src/main/core/datasets/cache'
import { pageTrainerProcess, type PagePort, type TrainerPage } from '../../../../../src/main/core/training/pageTrainer'
import type { PageHostMessage } from '../../../../../src/main/core/training/pageProtocol'
import type { TrainJob } from '../../../../../src/main/core/training/protocol'
import { runTrainer } from '../../../../../src/main/core/training/trainerHost'
import { outcome } from '../reports/fixtures'
import { smallSpec, syntheticSet } from '../../../../support/synthetic'
import { tempDir } from '../../ipc/studioFixture'
import { numberedClassNames } from '../../../../../src/shared/classNames'

/** A page that answers the start message with `reply`, as the trainer page would over its port. */
function fakePage(reply: (start: PageHostMessage) => unknown[]): TrainerPage & { posted: PageHostMessage[]; closed: boolean } {
  const listeners: ((value: unknown) => void)[] = []
  const page = {
    posted: [] as PageHostMessage[],
    closed: false,
    port: Promise.resolve<PagePort>({
      post: (message) => {
        page.posted.push(message)
        if (message.type === 'start') setImmediate(() => reply(message).forEach((m) => listeners.forEach((l) => l(m))))
      },
      onMessage: (listener) => void listeners.push(listener)
    }),
    onGone: () => {},
    close: () => {
      page.closed = true
    }
  }
  return page
}

async function withDataset(test: (job: TrainJob, dir: string) => Promise<void>): Promise<void> {
  const dir = await tempDir('regstudio-page-trainer-')
  try {
    const datasetFile = join(dir.dir, 'd.rsds')
    await writeDatasetFile(datasetFile, { source: { kind: 'csv', description: 't', files: [] }, warnings: [], classNames: numberedClassNames(10), train: syntheticSet(30, 1), test: syntheticSet(10, 2) })
    await test({ runId: 'r', spec: smallSpec(), datasetFile, splitSeed: 1, backend: 'webgpu', modelDir: join(dir.dir, 'model') }, dir.dir)
  } finally {
    await dir.cleanup()
  }
}

const modelFiles = {
  type: 'model',
  artifacts: { modelTopology: { class_name: 'Sequential' }, weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }], weightData: new Float32Array([1, 2]).buffer }
}

describe('pageTrainerProcess', () => {
  it('writes the model files the page sends before passing on finished, then closes the page', async () => {
    await withDataset(async (job) => {
      const page = fakePage(() => [modelFiles, { type: 'finished', outcome: outcome() }])
      const result = await runTrainer(() => pageTrainerProcess(page), job)
      expect(result.status).toBe('finished')
      expect(existsSync(join(job.modelDir!, 'model.json'))).toBe(true)
      expect(existsSync(join(job.modelDir!, 'weights.bin'))).toBe(true)
      expect(page.closed).toBe(true)
      const start = page.posted[0]
      expect(start.type === 'start' && start.dataset.train.count).toBe(30)
    })
  })

  it('fails the run on a message it cannot read, naming the problem', async () => {
    await withDataset(async (job) => {
      const page = fakePage(() => [{ type: 'model', artifacts: { modelTopology: {}, weightSpecs: 'all', weightData: 3 } }])
      const result = await runTrainer(() => pageTrainerProcess(page), job)
      expect(result).toMatchObject({ status: 'failed' })
      if (result.status === 'failed') expect(result.error).toMatch(/^the trainer page sent model files this host cannot read: artifacts\.weightSpecs must be a list/)
    })
  })

  it('fails with the dataset reader one line when the prepared file is missing, without starting the page', async () => {
    await withDataset(async (job, dir) => {
      const page = fakePage(() => [])
      const result = await runTrainer(() => pageTrainerProcess(page), { ...job, datasetFile: join(dir, 'gone.rsds') })
      expect(result).toMatchObject({ status: 'failed', error: `Cannot read dataset file ${join(dir, 'gone.rsds')}: ENOENT: no such file or directory, open '${join(dir, 'gone.rsds')}'` })
      expect(page.posted).toEqual([])
    })
  })
})
