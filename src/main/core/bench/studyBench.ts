/** Times the full seed study on the bundled data (what `regstudio study` does by default), with its peak memory. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SEED } from '../../../shared/defaults'
import type { BackendRequest } from '../../../shared/results'
import { withHeadlessStudio } from '../studio/headlessStudio'
import { defaultStudyConcurrency, threadsPerTrainer } from '../studio/runQueue'
import { runStudy } from '../studio/runStudy'
import { round } from './benchProcess'
import { RssSampler, type RssPeaks } from './rssSampler'

export interface StudyBenchOptions {
  backend: BackendRequest
  cacheDir: string
  concurrency?: number
  /** Runs of each variant (seeds 42, 43, ...); absent = 1. */
  repeats?: number
  /** Progress lines (one per finished epoch). */
  onLine?: (line: string) => void
}

export interface StudyBenchResult {
  backend: string
  concurrency: number
  repeats: number
  threadsPerTrainer: number
  wallSeconds: number
  variants: { name: string; epochsRun: number; bestEpoch: number; seconds: number; msPerStep: number; testAccuracy: number }[]
  failures: { name: string; error: string }[]
  peakRss: RssPeaks
}

export async function benchStudy(opts: StudyBenchOptions): Promise<StudyBenchResult> {
  const concurrency = opts.concurrency ?? defaultStudyConcurrency()
  const workspace = await mkdtemp(join(tmpdir(), 'regstudio-bench-study-'))
  const sampler = new RssSampler()
  const started = performance.now()
  try {
    const { summary, failures } = await withHeadlessStudio(
      { workspace, cacheDir: opts.cacheDir, hostName: 'regstudio bench --study', concurrency },
      (studio) =>
        runStudy(studio, {
          preset: 'seed',
          dataset: { kind: 'bundled' },
          backend: opts.backend,
          seed: DEFAULT_SEED,
          repeats: opts.repeats,
          cacheDir: opts.cacheDir,
          onRunEvent: (event, name) => {
            if (event.type === 'run.epoch') opts.onLine?.(`${name}: epoch ${event.metrics.epoch} (${(event.metrics.ms / 1000).toFixed(1)} s)`)
          }
        })
    )
    const wallSeconds = round((performance.now() - started) / 1000, 1)
    return {
      backend: summary.backend.name,
      concurrency,
      repeats: opts.repeats ?? 1,
      threadsPerTrainer: threadsPerTrainer(concurrency),
      wallSeconds,
      variants: summary.models.map((m) => ({
        name: m.name,
        epochsRun: m.epochsRun,
        bestEpoch: m.bestEpoch,
        seconds: round(m.seconds, 1),
        msPerStep: round(m.msPerStep, 2),
        testAccuracy: round(m.testAccuracy, 4)
      })),
      failures,
      peakRss: sampler.stop()
    }
  } finally {
    sampler.stop()
    await rm(workspace, { recursive: true, force: true })
  }
}
