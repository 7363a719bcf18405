/**
 * The WebGPU trainer page end to end, without the Electron binary: the page and its preload built
 * fresh, loaded in Chromium with WebGPU on (here SwiftShader, a software adapter), the preload given
 * a stand-in for require('electron'), and runs driven through the real protocol by the core's
 * pageTrainer, runTrainer, the desktop app's ladder executor and a real Studio with its run store.
 * Only here does the software adapter count as a GPU; the product refuses it (checked below).
 */
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../src/shared/api'
import type { EpochMetrics } from '../../src/shared/results'
import type { ModelSpec } from '../../src/shared/spec'
import { PIXELS } from '../../src/shared/dataset'
import { chromiumTrainerPage, WEBGPU_CHROMIUM_FLAGS, type ChromiumTrainerPage, type ChromiumTrainerPageOptions } from '../../src/main/core/bench/chromiumTrainerPage'
import { writeDatasetFile } from '../../src/main/core/datasets/cache'
import { ladderExecutor } from '../../src/main/core/studio/ladderExecutor'
import type { Studio } from '../../src/main/core/studio/studio'
import { pageTrainerProcess } from '../../src/main/core/training/pageTrainer'
import { runTrainer, spawnNodeTrainer, type SpawnTrainer } from '../../src/main/core/training/trainerHost'
import type { TrainJob } from '../../src/main/core/training/protocol'
import { createStudio, tempDir } from '../unit/main/ipc/studioFixture'
import { tinyCsv } from './support/tinyDataset'
import { findChromium } from './support/browser'
import { numberedClassNames } from '../../src/shared/classNames'

const ROOT = join(__dirname, '../..')
const executablePath = findChromium()

/** Small enough for SwiftShader (about a second per step here): 256 training images, layers of 32. */
function spec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    name: 'webgpu-tiny',
    layers: [
      { type: 'dense', units: 32, activation: 'relu', l2: 0.001 },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 32, activation: 'relu', l1: 0.0001 },
      { type: 'dense', units: 10, activation: 'softmax' }
    ],
    optimizer: { name: 'rmsprop', learningRate: 0.001 },
    loss: 'sparseCategoricalCrossentropy',
    epochs: 2,
    batchSize: 64,
    validationSplit: 0.2,
    seed: 7,
    normalize: true,
    earlyStopping: { monitor: 'val_loss', patience: 1, minDelta: 0, restoreBestWeights: true },
    ...overrides
  }
}

function bandedSet(count: number, salt: number) {
  const images = new Uint8Array(count * PIXELS)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    labels[i] = i % 10
    for (let p = 0; p < PIXELS; p++) images[i * PIXELS + p] = Math.floor(p / 28 / 2.8) === i % 10 ? 200 + ((i + p + salt) % 56) : (i * 7 + p * 3 + salt) % 40
  }
  return { count, images, labels }
}

describe.skipIf(!executablePath)('WebGPU trainer page in Chromium', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> }
  let outDir: string
  let datasetFile: string
  let browser: Browser
  const pages: ChromiumTrainerPage[] = []
  /** The trainer page as the desktop app opens it, except that the software adapter may count as a GPU. */
  const pageSpawner = (allowFallbackAdapter: boolean, options: ChromiumTrainerPageOptions = {}): SpawnTrainer => () => {
    const page = chromiumTrainerPage(browser, outDir, options)
    pages.push(page)
    return pageTrainerProcess(page, { allowFallbackAdapter })
  }
  const job = (overrides: Partial<TrainJob> = {}): TrainJob => ({ runId: 'webgpu-run', spec: spec(), datasetFile, splitSeed: 3, backend: 'webgpu', ...overrides })

  beforeAll(async () => {
    tmp = await tempDir('regstudio-webgpu-')
    outDir = join(tmp.dir, 'out')
    // A fresh build of the current sources, so a stale out/ cannot hide a change.
    await promisify(execFile)(join(ROOT, 'node_modules/.bin/electron-vite'), ['build', '--outDir', outDir, '--logLevel', 'error'], { cwd: ROOT })
    datasetFile = join(tmp.dir, 'tiny.rsds')
    await writeDatasetFile(datasetFile, { source: { kind: 'csv', description: 'banded', files: [] }, warnings: [], classNames: numberedClassNames(10), train: bandedSet(320, 0), test: bandedSet(100, 5) })
    browser = await chromium.launch({ executablePath, args: WEBGPU_CHROMIUM_FLAGS })
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await tmp?.cleanup()
  })

  it('builds a trainer preload that needs nothing but electron and a page that allows nothing remote', async () => {
    const preload = await readFile(join(outDir, 'preload/trainer.js'), 'utf8')
    expect([...new Set(preload.match(/require\([^)]*\)/g))]).toEqual(['require("electron")'])
    const html = await readFile(join(outDir, 'renderer/trainer.html'), 'utf8')
    expect(html).toContain(`content="default-src 'none'; script-src 'self'"`)
  })

  it('refuses the software adapter in the product, and auto goes on down the ladder with every reason', async () => {
    const refused = await runTrainer(pageSpawner(false), job())
    expect(refused).toMatchObject({ status: 'failed', refused: ['webgpu: the only adapter is a software fallback (google swiftshader), not a GPU'] })
    if (refused.status === 'failed') expect(refused.error).toMatch(/^Backend 'webgpu' is not available here \(webgpu: the only adapter is a software fallback/)

    const executor = ladderExecutor({ process: spawnNodeTrainer, webgpu: pageSpawner(false), nativePackage: () => null })
    const auto = await executor.execute(job({ backend: 'auto', spec: spec({ epochs: 1, earlyStopping: undefined }) }), {}, new AbortController().signal)
    expect(auto.status).toBe('finished')
    expect(auto.backend?.name).toBe('wasm')
    // The wasm rung also names its product kernels (relaxed-SIMD FMA where the runtime has it).
    expect(auto.backend?.reason).toMatch(
      /^auto: tfjs-node-gpu: not installed; tfjs-node: not installed; webgpu: the only adapter is a software fallback \(google swiftshader\), not a GPU; wasm: ok, (relaxed-simd-fma|simd) kernels$/
    )
  }, 120_000)

  describe('a seeded run through Studio on webgpu and on cpu', () => {
    let studio: Studio
    const events: StudioEvent[] = []

    beforeAll(async () => {
      studio = createStudio(tmp.dir, { executor: ladderExecutor({ process: spawnNodeTrainer, webgpu: pageSpawner(true), nativePackage: () => null }), allowPath: () => true })
      await studio.init()
      studio.onEvent((e) => events.push(e))
    })
    afterAll(async () => {
      await studio?.dispose()
    })

    const train = async (datasetId: string, backend: 'webgpu' | 'cpu') => {
      const started = await studio.handle('runs.start', { datasetId, spec: spec(), backend })
      if (!started.ok) throw new Error(started.error.message)
      const runId = started.result.id
      await expect.poll(() => events.some((e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === runId), { timeout: 240_000, interval: 500 }).toBe(true)
      const details = await studio.handle('runs.get', { runId })
      if (!details.ok) throw new Error(details.error.message)
      return { runId, ...details.result }
    }

    it('gives the same curves, evaluation and saved weights within float tolerance', async () => {
      await writeFile(join(tmp.dir, 'train.csv'), tinyCsv(32))
      await writeFile(join(tmp.dir, 'test.csv'), tinyCsv(10, 3))
      const imported = await studio.handle('datasets.importFiles', { paths: [join(tmp.dir, 'train.csv'), join(tmp.dir, 'test.csv')] })
      if (!imported.ok) throw new Error(imported.error.message)

      const gpu = await train(imported.result.id, 'webgpu')
      expect(gpu.record.status).toBe('finished')
      expect(gpu.record.backend).toMatchObject({
        name: 'webgpu',
        reason: 'forced: webgpu: ok (google swiftshader, software fallback allowed for testing)',
        adapter: { vendor: 'google', architecture: 'swiftshader', fallback: true }
      })
      expect(events.filter((e) => e.type === 'run.progress' && e.runId === gpu.runId).length).toBeGreaterThan(0)
      expect(events.filter((e) => e.type === 'run.epoch' && e.runId === gpu.runId)).toHaveLength(gpu.history.length)
      const cpu = await train(imported.result.id, 'cpu')
      expect(cpu.record.status).toBe('finished')

      // Measured here: curves agree to about 1e-6 (float32 sums in another order); 1e-4 leaves room.
      const TOLERANCE = 1e-4
      const keys: (keyof EpochMetrics)[] = ['loss', 'accuracy', 'val_loss', 'val_accuracy']
      expect(gpu.history.map((m) => m.epoch)).toEqual(cpu.history.map((m) => m.epoch))
      const worst = Math.max(...gpu.history.flatMap((m, i) => keys.map((k) => Math.abs((m[k] as number) - (cpu.history[i][k] as number)))))
      console.log(`webgpu vs cpu: largest curve difference ${worst.toExponential(2)}`)
      expect(worst).toBeLessThan(TOLERANCE)
      expect(gpu.record.bestEpoch).toBe(cpu.record.bestEpoch)
      expect(Math.abs(gpu.evaluation!.testLoss - cpu.evaluation!.testLoss)).toBeLessThan(TOLERANCE)
      expect(gpu.evaluation!.confusion).toEqual(cpu.evaluation!.confusion)

      // The same files in the same place as every backend's, with the same weights.
      const workspace = join(tmp.dir, 'workspace/runs')
      const [gpuJson, cpuJson] = await Promise.all([gpu, cpu].map((r) => readFile(join(workspace, r.runId, 'model/model.json'), 'utf8')))
      expect(JSON.parse(gpuJson).weightsManifest).toEqual(JSON.parse(cpuJson).weightsManifest)
      const [gpuWeights, cpuWeights] = await Promise.all([gpu, cpu].map((r) => readFile(join(workspace, r.runId, 'model/weights.bin'))))
      const a = new Float32Array(gpuWeights.buffer, gpuWeights.byteOffset, gpuWeights.length / 4)
      const b = new Float32Array(cpuWeights.buffer, cpuWeights.byteOffset, cpuWeights.length / 4)
      expect(a.length).toBe(b.length)
      let weightDiff = 0
      for (let i = 0; i < a.length; i++) weightDiff = Math.max(weightDiff, Math.abs(a[i] - b[i]))
      console.log(`webgpu vs cpu: largest saved weight difference ${weightDiff.toExponential(2)}`)
      expect(weightDiff).toBeLessThan(TOLERANCE)
    }, 600_000)
  })

  it('cancels between batches, keeping the history of the whole epochs', async () => {
    const controller = new AbortController()
    const epochs: number[] = []
    const result = await runTrainer(pageSpawner(true), job({ spec: spec({ epochs: 3, earlyStopping: undefined }) }), {
      onEpoch: (m) => void epochs.push(m.epoch),
      // Cancelled during the second epoch. The page may finish that epoch before the cancel reaches
      // it on a loaded machine; either way only whole epochs are kept, and the third never runs.
      onProgress: (p) => p.epoch === 2 && controller.abort()
    }, controller.signal)
    expect(result.status).toBe('cancelled')
    if (result.status === 'cancelled') {
      const kept = result.history.map((m) => m.epoch)
      expect([[1], [1, 2]]).toContainEqual(kept)
      expect(epochs).toEqual(kept)
    }
  }, 180_000)

  it('fails the run with a message when the GPU device is lost, and the host carries on', async () => {
    // Keeps the device the page's backend asks for, so the test can destroy it as a driver reset would.
    const watchDevice = async (page: Page): Promise<void> => {
      await page.addInitScript(() => {
        const adapter = (globalThis as unknown as { GPUAdapter: { prototype: { requestDevice: (...a: unknown[]) => Promise<unknown> } } }).GPUAdapter.prototype
        const original = adapter.requestDevice
        adapter.requestDevice = async function (this: unknown, ...args: unknown[]) {
          const device = await original.apply(this, args)
          ;(window as unknown as { __device: unknown }).__device = device
          return device
        }
      })
    }
    const spawn = pageSpawner(true, { beforeLoad: watchDevice })
    const result = await runTrainer(spawn, job({ spec: spec({ epochs: 3, earlyStopping: undefined }) }), {
      onProgress: () => {
        void pages[pages.length - 1].page.then((p) => p.evaluate(() => (window as unknown as { __device?: { destroy(): void } }).__device?.destroy()))
      }
    })
    expect(result).toMatchObject({ status: 'failed' })
    if (result.status === 'failed') expect(result.error).toMatch(/^the GPU device was lost \(destroyed/)
    // The next run, in a new page, trains as before.
    const after = await runTrainer(pageSpawner(true), job({ spec: spec({ epochs: 1, earlyStopping: undefined }) }))
    expect(after.status).toBe('finished')
  }, 300_000)

  it('shows no page errors', () => {
    expect(pages.flatMap((p) => p.errors)).toEqual([])
  })
})
