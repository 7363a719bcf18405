/**
 * `regstudio bench --backend webgpu`: training steps of the seed network on the WebGPU trainer page,
 * timed as the other backends' are (an epoch of `steps` steps as warm-up, then one sample per epoch,
 * the median reported). The page runs in a plain Chromium here (the Electron binary is not needed);
 * its adapter is reported, and on a machine without a GPU it is SwiftShader, a software adapter
 * the product would refuse: those figures say the path works, not how fast a GPU is.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { GpuAdapter } from '../../../shared/results'
import { getPreset } from '../../../shared/presets'
import { writeDatasetFile } from '../datasets/cache'
import { pageTrainerProcess } from '../training/pageTrainer'
import { runTrainer } from '../training/trainerHost'
import { median, round } from './benchProcess'
import { chromiumTrainerPage, trainerBuild, WEBGPU_CHROMIUM_FLAGS } from './chromiumTrainerPage'
import { parameterMultiplies, type StepTiming } from './stepBench'
import { syntheticImages } from './syntheticImages'
import { numberedClassNames } from '../../../shared/classNames'

const REPO = resolve(__dirname, '../../../..')

export interface WebgpuBenchRequest {
  batchSizes: number[]
  steps: number
  repeats: number
  /** The browser to drive: $REGSTUDIO_BROWSER, else /usr/bin/chromium, else Playwright's own. */
  browser?: string
}

export interface WebgpuBenchResult {
  adapter: GpuAdapter
  /** A sentence for the reader: a software adapter's figures are not a GPU's. */
  note: string
  browser: string
  results: StepTiming[]
}

async function loadPlaywright(): Promise<typeof import('playwright-core')> {
  try {
    return await import('playwright-core')
  } catch {
    throw new Error('the webgpu bench drives Chromium with playwright-core, a development dependency that is not installed here')
  }
}

export async function runWebgpuBench(request: WebgpuBenchRequest): Promise<WebgpuBenchResult> {
  const outDir = join(REPO, 'out')
  const build = trainerBuild(outDir)
  if (typeof build === 'string') throw new Error(build)
  const { chromium } = await loadPlaywright()
  const browserPath = [request.browser, process.env.REGSTUDIO_BROWSER, '/usr/bin/chromium', chromium.executablePath()].find((p): p is string => !!p && existsSync(p))
  if (!browserPath) throw new Error('no Chromium found for the webgpu bench: name one in REGSTUDIO_BROWSER')
  const browser = await chromium.launch({ executablePath: browserPath, args: WEBGPU_CHROMIUM_FLAGS })
  const dir = await mkdtemp(join(tmpdir(), 'regstudio-webgpu-bench-'))
  try {
    const base = getPreset('seed')[0]
    const results: StepTiming[] = []
    let adapter: GpuAdapter | undefined
    for (const batch of request.batchSizes) {
      const datasetFile = join(dir, `synthetic-${batch}.rsds`)
      const train = syntheticImages(batch * request.steps, batch)
      await writeDatasetFile(datasetFile, { source: { kind: 'csv', description: 'synthetic', files: [] }, warnings: [], classNames: numberedClassNames(10), train, test: syntheticImages(10, 1) })
      const spec = { ...base, batchSize: batch, epochs: request.repeats + 1, validationSplit: 0, earlyStopping: undefined }
      // Only here does a software adapter count: the bench must run on machines without a GPU.
      const result = await runTrainer(() => pageTrainerProcess(chromiumTrainerPage(browser, outDir), { allowFallbackAdapter: true }), {
        runId: `bench-${batch}`,
        spec,
        datasetFile,
        splitSeed: 1,
        backend: 'webgpu'
      })
      if (result.status !== 'finished') throw new Error(result.status === 'failed' ? result.error : 'the bench run was cancelled')
      adapter = result.backend?.adapter
      const samples = result.outcome.history.slice(1).map((m) => m.ms / request.steps)
      const msPerStep = median(samples)
      results.push({
        backend: 'webgpu',
        package: '@tensorflow/tfjs-backend-webgpu',
        threads: 1,
        kernel: 'webgpu',
        batch,
        steps: request.steps,
        msPerStep: round(msPerStep, 2),
        // Not measured: the steps run in Chromium's GPU process, not in a process of ours (JSON: null).
        cpuMsPerStep: Number.NaN,
        samplesPerSec: Math.round((batch * 1000) / msPerStep),
        gflops: round((6 * batch * parameterMultiplies(spec.layers)) / (msPerStep * 1e6), 2),
        samples: samples.map((s) => round(s, 2))
      })
    }
    if (!adapter) throw new Error('the trainer page did not report its adapter')
    const named = [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || adapter.description || 'unnamed adapter'
    return {
      adapter,
      note: adapter.fallback
        ? `${named} is a software adapter (no GPU here): these are CPU-emulated WebGPU timings; the desktop app refuses this adapter and trains on wasm instead`
        : `${named}: a GPU adapter, as the desktop app would use`,
      browser: `${browserPath} ${browser.version()}`,
      results
    }
  } finally {
    await browser.close()
    await rm(dir, { recursive: true, force: true })
  }
}
