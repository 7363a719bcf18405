/**
 * A disk that fills near the end of a study's run: that run fails with the reason, the other runs
 * go on, the study returns its failures instead of throwing, and a later host finds the run
 * interrupted with the epochs it logged. On a real 1 MiB tmpfs (root on Linux; skipped otherwise),
 * where the last epoch records are cut short by the full disk, not only refused.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Evaluation } from '../../../../../src/shared/results'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
import { withHeadlessStudio } from '../../../../../src/main/core/studio/headlessStudio'
import { runStudy } from '../../../../../src/main/core/studio/runStudy'
import type { HostMessage, WorkerMessage } from '../../../../../src/main/core/training/protocol'
import type { TrainerProcess } from '../../../../../src/main/core/training/trainerHost'
import { runListing } from '../../../../../src/main/cli/runListing'
import { tinyCsv } from '../../../../e2e/support/tinyDataset'

const EPOCHS = 12

const FILL_AT_EPOCH = 7
let dir: string
let mounted = false
const mnt = () => join(dir, 'mnt')
const filler = () => join(mnt(), 'filler.bin')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-study-disk-'))
  await writeFile(join(dir, 'train.csv'), tinyCsv(6))
  await writeFile(join(dir, 'test.csv'), tinyCsv(2, 3))
  await mkdir(mnt())
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt()], { stdio: 'ignore' })
    mounted = true
  } catch {
    mounted = false
  }
})

afterAll(async () => {
  if (mounted) execFileSync('umount', ['-l', mnt()])
  await rm(dir, { recursive: true, force: true })
})

/** Appends to the filler until not one more byte fits. */
async function fillDisk(): Promise<void> {
  for (const step of [16 * 1024, 1024, 64, 1]) {
    for (;;) {
      try {
        await writeFile(filler(), Buffer.alloc(step, 1), { flag: 'a' })
      } catch {
        break
      }
    }
  }
}

const evaluation: Evaluation = {
  trainLoss: 0.1,
  trainAccuracy: 0.9,
  testLoss: 0.2,
  testAccuracy: 0.8,
  confusion: [],
  perClassAccuracy: [],
  samples: [],
  misclassified: [],
  weights: []
}

let trainers = 0

/**
 * A trainer that logs every epoch and finishes, without TF.js. The first one fills the disk before
 * its epoch FILL_AT_EPOCH.
 */
function fakeTrainer(): TrainerProcess {
  const nth = ++trainers
  let onMessage: (m: WorkerMessage) => void = () => {}
  let onExit: (code: number | null, detail: string) => void = () => {}
  return {
    send: (m: HostMessage) => {
      if (m.type !== 'start') return
      void (async () => {
        onMessage({ type: 'backend', choice: { name: 'cpu', package: 'test', reason: 'test', threads: 1 } })
        const history = []
        for (let epoch = 1; epoch <= EPOCHS; epoch++) {
          if (nth === 1 && epoch === FILL_AT_EPOCH) await fillDisk()
          const metrics = { epoch, loss: 1 / epoch, accuracy: 0.5, ms: 1 }
          history.push(metrics)
          onMessage({ type: 'epoch', metrics })
          await new Promise((r) => setTimeout(r, 1))
        }
        const outcome = { history, bestEpoch: EPOCHS, epochsRun: EPOCHS, stoppedEarly: false, cancelled: false, msPerStep: 1, seconds: 0.1, evaluation }
        onMessage({ type: 'finished', outcome })
        onExit(0, '')
      })()
    },
    onMessage: (l) => (onMessage = l),
    onExit: (l) => (onExit = l),
    kill: () => {}
  }
}


describe('a disk that fills near the end of a study run', () => {
  it('fails that run with the reason, goes on with the others, and a later host lists it interrupted with its epochs', async (ctx) => {
    ctx.skip(!mounted, 'cannot mount a tmpfs here (needs root)')
    const workspace = join(mnt(), 'ws')
    const host = { workspace, cacheDir: join(dir, 'cache'), hostName: 'test', concurrency: 1, spawn: fakeTrainer }
    const result = await withHeadlessStudio(host, (studio) => {
      // Room again once the run has failed (and its failure could not be recorded), as when a user deletes files.
      studio.onEvent((e) => {
        if (e.type === 'run.failed') rmSync(filler(), { force: true })
        // The log of l2 damaged as a full disk used to leave it (a cut-short record, then a whole one).
        if (e.type === 'run.finished' && e.record.name === 'l2') {
          const log = join(studio.store.runDir(e.runId), 'metrics.jsonl')
          writeFileSync(log, `{"epoch":1,"lo${readFileSync(log, 'utf8')}`)
        }
      })
      return runStudy(studio, {
        preset: 'seed',
        variants: ['baseline', 'dropout', 'l2'],
        dataset: { kind: 'splits', train: [join(dir, 'train.csv')], test: [join(dir, 'test.csv')] },
        epochs: EPOCHS,
        backend: 'cpu',
        seed: 1,
        cacheDir: host.cacheDir
      })
    })
    expect(result.failures).toHaveLength(2)
    expect(result.failures[0].name).toBe('baseline')
    expect(result.failures[0].error).toMatch(/no space left on the device/)
    // A run that cannot be read back is one failure, named with its file and line, not the end of the study.
    expect(result.failures[1].error).toMatch(/metrics\.jsonl: line 1 is not a valid epoch record$/)
    expect(result.summary.models.map((m) => m.name)).toEqual(['dropout'])

    // Its failure never reached run.json: the next host marks it interrupted, keeping its 12 epochs.
    const store = new RunStore(workspace)
    expect(await store.init()).toHaveLength(1)
    const baseline = (await store.list()).find((r) => r.damaged || r.record.name === 'baseline')
    if (!baseline || baseline.damaged) throw new Error(`baseline: ${baseline?.damaged ? baseline.reason : 'missing'}`)
    expect(baseline.record.status).toBe('interrupted')
    // The epochs logged before the disk filled, and at most the one being written as it did.
    expect(baseline.record.epochsRun).toBeGreaterThanOrEqual(FILL_AT_EPOCH - 1)
    expect(baseline.record.epochsRun).toBe(baseline.epochsLogged)
    expect(runListing(await store.list(), { owner: undefined, alive: false })).toMatch(new RegExp(`baseline\\s+interrupted.*${baseline.epochsLogged}/${EPOCHS}`))
  })
})
