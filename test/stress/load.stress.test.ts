/**
 * Load on a real `regstudio serve` process: 20 queued runs, a dataset of 200,000 images (imported,
 * explored, shown in Chromium) and 1,000 requests at once under a 256-open-files limit (the macOS
 * default). The host's own peak memory is read from /proc (Linux); numbers are printed for
 * docs/reliability.md.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetInfo, DatasetStatistics, RunListItem, SampleImages } from '../../src/shared/api'
import type { RunRecord } from '../../src/shared/results'
import { PIXELS } from '../../src/shared/dataset'
import { RunStore } from '../../src/main/core/runs/runStore'
import { encodeIdxImages, encodeIdxLabels } from '../../src/main/core/datasets/writers'
import { rawRequest, TestSocket } from '../unit/main/serve/helpers'
import { collectPageErrors, findChromium, launchChromium } from '../e2e/support/browser'
import { ensureRendererBuilt } from '../e2e/support/renderer'
import { REPO_ROOT, startServeProcess } from '../e2e/support/serveProcess'
import { quickSpec, tinyCsv } from '../e2e/support/tinyDataset'
import { smallSpec } from '../support/synthetic'

const MiB = 2 ** 20

/** The peak resident memory of a process so far, from /proc (Linux only). */
function peakRssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:')) ?? ''
  return Number(/(\d+)/.exec(line)?.[1] ?? NaN) / 1024
}

async function upload(serve: { origin: string; token: string }, name: string, body: Buffer): Promise<string> {
  const res = await rawRequest(serve.origin, `/upload?token=${serve.token}`, { method: 'POST', headers: { origin: serve.origin, 'x-file-name': name }, body })
  if (res.status !== 200) throw new Error(`upload of ${name}: HTTP ${res.status} ${res.body}`)
  return (JSON.parse(res.body) as { uploadId: string }).uploadId
}

function socketOf(serve: { origin: string; token: string }): Promise<TestSocket> {
  return TestSocket.open(`${serve.origin.replace('http', 'ws')}/ws?token=${serve.token}`, {}, serve.origin)
}

describe.skipIf(process.platform !== 'linux')('load on regstudio serve', () => {
  let dir: string

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-stress-load-'))
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('trains 20 queued runs one after another, each reported to the client, the host memory flat', async () => {
    // One lane: the test checks first-in-first-out order, which two lanes side by side need not keep.
    const serve = await startServeProcess(['--port', '0', '--workspace', join(dir, 'ws-20'), '--cache', join(dir, 'cache'), '--concurrency', '1'])
    try {
      const socket = await socketOf(serve)
      const uploadIds = [await upload(serve, 'tiny-train.csv', tinyCsv(6)), await upload(serve, 'tiny-test.csv', tinyCsv(2, 3))]
      const imported = await socket.request('datasets.importUploads', { uploadIds })
      if (!imported.ok) throw new Error(imported.error.message)
      const started = performance.now()
      const study = await socket.request('runs.startStudy', {
        datasetId: (imported.result as DatasetInfo).id,
        specs: Array.from({ length: 20 }, (_, i) => ({ ...quickSpec(), name: `run-${i + 1}` })),
        backend: 'cpu'
      })
      if (!study.ok) throw new Error(study.error.message)
      const runs = (study.result as { runs: RunRecord[] }).runs
      const rssAfterFirst = await (async () => {
        await socket.waitForEvent((e) => e.type === 'run.finished' && e.runId === runs[0].id, 60_000)
        return peakRssMiB(serve.child.pid as number)
      })()
      await socket.waitForEvent((e) => (e.type === 'run.finished' || e.type === 'run.failed') && e.runId === runs[19].id, 300_000)
      const seconds = (performance.now() - started) / 1000
      const ends = socket.events().filter((e) => e.type === 'run.finished' || e.type === 'run.failed')
      expect(ends.map((e) => e.type)).toEqual(Array(20).fill('run.finished'))
      // First in, first out.
      expect(ends.map((e) => e.runId)).toEqual(runs.map((r) => r.id))
      const starts = socket.events().filter((e) => e.type === 'run.started').map((e) => e.runId)
      expect(starts).toEqual(runs.map((r) => r.id))
      const peak = peakRssMiB(serve.child.pid as number)
      console.log(`20 queued runs: ${seconds.toFixed(1)} s (${(seconds / 20).toFixed(2)} s a run); host peak RSS ${rssAfterFirst.toFixed(0)} MiB after the first, ${peak.toFixed(0)} MiB after all`)
      expect(peak - rssAfterFirst).toBeLessThan(64)
      const list = await socket.request('runs.list', {})
      expect(list.ok && (list.result as RunListItem[]).filter((i) => i.record.status === 'finished')).toHaveLength(20)
      socket.close()
    } finally {
      await serve.stop('SIGTERM')
    }
  })

  it('imports 200,000 images, answers the Data view, and shows them in Chromium', async () => {
    const serve = await startServeProcess(['--port', '0', '--workspace', join(dir, 'ws-200k'), '--cache', join(dir, 'cache')])
    try {
      const train = 200_000
      const test = 10_000
      const images = new Uint8Array((train + test) * PIXELS)
      // Cheap varied content: a diagonal ramp shifted per image, so every class has its own mean image.
      for (let i = 0; i < train + test; i++) {
        const base = i * PIXELS
        for (let p = 0; p < PIXELS; p++) images[base + p] = (p + 37 * (i % 10) + (i % 7)) & 0xff
      }
      const labels = new Uint8Array(train + test).map((_, i) => i % 10)
      const files: [string, Buffer][] = [
        ['train-images-idx3-ubyte', encodeIdxImages(images.subarray(0, train * PIXELS), train)],
        ['train-labels-idx1-ubyte', encodeIdxLabels(labels.subarray(0, train))],
        ['t10k-images-idx3-ubyte', encodeIdxImages(images.subarray(train * PIXELS), test)],
        ['t10k-labels-idx1-ubyte', encodeIdxLabels(labels.subarray(train))]
      ]
      const socket = await socketOf(serve)
      const rssIdle = peakRssMiB(serve.child.pid as number)
      const uploadStarted = performance.now()
      const uploadIds: string[] = []
      for (const [name, body] of files) uploadIds.push(await upload(serve, name, body))
      const uploadMs = performance.now() - uploadStarted
      const importStarted = performance.now()
      const imported = await socket.request('datasets.importUploads', { uploadIds })
      if (!imported.ok) throw new Error(imported.error.message)
      const importMs = performance.now() - importStarted
      const info = imported.result as DatasetInfo
      expect(info.summary.train.count).toBe(train)
      expect(info.summary.test.count).toBe(test)

      const statsStarted = performance.now()
      const stats = await socket.request('datasets.statistics', { datasetId: info.id })
      const statsMs = performance.now() - statsStarted
      if (!stats.ok) throw new Error(stats.error.message)
      expect((stats.result as DatasetStatistics).pixelHistogram.reduce((a, b) => a + b, 0)).toBe(train * PIXELS)
      const samplesStarted = performance.now()
      const samples = await socket.request('datasets.samples', { datasetId: info.id, split: 'train', offset: 199_000, limit: 500, label: 3 })
      const samplesMs = performance.now() - samplesStarted
      if (!samples.ok) throw new Error(samples.error.message)
      expect((samples.result as SampleImages).total).toBe(train / 10)
      const peak = peakRssMiB(serve.child.pid as number)
      console.log(
        `200,000 images (${(files.reduce((a, [, b]) => a + b.length, 0) / MiB).toFixed(0)} MiB of IDX): upload ${uploadMs.toFixed(0)} ms, import ${importMs.toFixed(0)} ms, ` +
          `statistics ${statsMs.toFixed(0)} ms, a filtered sample page ${samplesMs.toFixed(0)} ms; host peak RSS ${rssIdle.toFixed(0)} MiB idle, ${peak.toFixed(0)} MiB after`
      )
      expect(importMs).toBeLessThan(60_000)
      expect(statsMs).toBeLessThan(30_000)
      expect(peak).toBeLessThan(2048)
      socket.close()

      const executablePath = findChromium()
      if (!executablePath) return
      const browser: Browser = await launchChromium(executablePath)
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
        const errors = collectPageErrors(page)
        const shown = performance.now()
        await page.goto(serve.url)
        await page.getByTestId('train-count').getByText('200,000').waitFor({ timeout: 60_000 })
        await expect.poll(() => page.locator('[data-testid=class-grid] canvas').count(), { timeout: 60_000 }).toBe(10)
        await expect.poll(() => page.locator('[data-testid=sample-grid] canvas').count(), { timeout: 60_000 }).toBeGreaterThan(0)
        console.log(`Data view of 200,000 images drawn in ${(performance.now() - shown).toFixed(0)} ms`)
        // Still responsive: switching views answers at once.
        const switched = performance.now()
        await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Model' }).click()
        await page.getByTestId('total-params').waitFor()
        expect(performance.now() - switched).toBeLessThan(5000)
        expect(errors.filter((e) => !e.includes('404'))).toEqual([])
      } finally {
        await browser.close()
      }
    } finally {
      await serve.stop('SIGTERM')
    }
  })

  it('answers 1,000 requests at once on 50 stored runs under a 256-open-files limit', async () => {
    const workspace = join(dir, 'ws-fd')
    const store = new RunStore(workspace)
    await store.init()
    for (let i = 0; i < 50; i++) {
      const r = await store.create({ name: `r${i}`, spec: smallSpec(), dataset: { source: 's', fingerprint: 'f', train: 1, validation: 0, test: 1 }, status: 'finished', epochsRun: 3 })
      for (let e = 1; e <= 3; e++) await store.appendEpoch(r.id, { epoch: e, loss: 1, accuracy: 0.5, ms: 10 })
    }
    const serve = await startLimitedServe(['--port', '0', '--workspace', workspace, '--cache', join(dir, 'cache')], 256)
    try {
      const socket = await socketOf(serve)
      const started = performance.now()
      const answers = await Promise.all(Array.from({ length: 1000 }, () => socket.request('runs.list', {})))
      const ms = performance.now() - started
      const failed = answers.filter((a) => !a.ok)
      console.log(`1,000 runs.list over 50 runs with 256 open files allowed: ${ms.toFixed(0)} ms, ${failed.length} failed; host peak RSS ${peakRssMiB(serve.child.pid as number).toFixed(0)} MiB`)
      expect(failed.map((a) => (a.ok ? '' : a.error.message)).slice(0, 3)).toEqual([])
      expect(answers.every((a) => a.ok && (a.result as RunListItem[]).length === 50)).toBe(true)
      socket.close()
    } finally {
      serve.child.kill('SIGTERM')
    }
  })
})

/** `regstudio serve` under `ulimit -n LIMIT`, started through sh; resolves once it prints its address. */
function startLimitedServe(args: string[], limit: number): Promise<{ origin: string; token: string; child: ChildProcess }> {
  const cli = join(REPO_ROOT, 'bin/regstudio.js')
  const child = spawn('sh', ['-c', `ulimit -n ${limit} && exec "$0" "$@"`, process.execPath, cli, 'serve', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString()
      const m = /(http:\/\/[^/\s]+)\/\?token=([A-Za-z0-9._~-]+)/.exec(stdout)
      if (m) resolve({ origin: m[1], token: m[2], child })
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
}
