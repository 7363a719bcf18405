/** A real Studio on a temp workspace, small CSV datasets, and a scripted trainer for the IPC tests. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StudioEvent } from '../../../../src/shared/api'
import { Studio, type StudioOptions } from '../../../../src/main/core/studio/studio'
import type { HostMessage, WorkerMessage } from '../../../../src/main/core/training/protocol'
import type { SpawnTrainer } from '../../../../src/main/core/training/trainerHost'
import { outcome } from '../core/reports/fixtures'
import { localExecutor } from '../../../../src/main/core/studio/localExecutor'

export async function tempDir(prefix = 'regstudio-ipc-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

function csvRows(count: number, offset: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const label = i % 10
    const pixels = Array.from({ length: 784 }, (_, p) => (p * 7 + (i + offset) * 13 + label * 31) % 256)
    return [label, ...pixels].join(',')
  })
  return rows.join('\n') + '\n'
}

/** train.csv (40 images) and test.csv (20 images), 4 and 2 per class. */
export async function writeCsvDataset(dir: string): Promise<string[]> {
  const train = join(dir, 'train.csv')
  const test = join(dir, 'test.csv')
  await writeFile(train, csvRows(40, 0))
  await writeFile(test, csvRows(20, 1000))
  return [train, test]
}

/** A trainer that reports one epoch per spec epoch (at most 3) and finishes, like a healthy worker. */
export const finishingTrainer: SpawnTrainer = () => {
  const onMessage: ((m: WorkerMessage) => void)[] = []
  const onExit: ((code: number | null, detail: string) => void)[] = []
  const result = outcome()
  return {
    send(message: HostMessage) {
      if (message.type !== 'start') return
      setImmediate(() => {
        const post = (m: WorkerMessage) => onMessage.forEach((l) => l(m))
        post({ type: 'backend', choice: { name: 'cpu', package: '@tensorflow/tfjs', reason: 'test trainer', threads: 1 } })
        for (const metrics of result.history) post({ type: 'epoch', metrics })
        post({ type: 'finished', outcome: result })
        onExit.forEach((l) => l(0, ''))
      })
    },
    onMessage: (l) => void onMessage.push(l),
    onExit: (l) => void onExit.push(l),
    kill() {}
  }
}

export function createStudio(workspace: string, options: Partial<StudioOptions> = {}): Studio {
  return new Studio({
    workspace: join(workspace, 'workspace'),
    cacheDir: join(workspace, 'cache'),
    executor: localExecutor(finishingTrainer),
    transport: 'ipc',
    version: '0.0.0-test',
    pdf: true,
    ...options
  })
}

/** Resolves with the first event that matches. */
export function nextEvent(studio: Studio, match: (e: StudioEvent) => boolean): Promise<StudioEvent> {
  return new Promise((resolve) => {
    const off = studio.onEvent((e) => {
      if (match(e)) {
        off()
        resolve(e)
      }
    })
  })
}
