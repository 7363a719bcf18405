import { access, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCsv } from '../../../../src/main/core/datasets/writers'
import { installedNativePackage } from '../../../../src/main/core/training/backendAvailability'
import { runCli } from '../../../support/cli'
import { syntheticSet } from '../../../support/synthetic'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-study-'))
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(400, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(syntheticSet(100, 2)))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('regstudio study', () => {
  it('trains the chosen variants, prints the table and writes summary, metrics and report', async () => {
    const out = join(dir, 'out')
    const workspace = join(dir, 'ws')
    const r = await runCli(
      ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', 'baseline,l1',
        '--epochs', '2', '--workspace', workspace, '--out', out, '--backend', 'wasm'],
      { timeoutMs: 180_000 }
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/baseline: epoch 2 loss/)
    expect(r.stderr).toMatch(/backend wasm/)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/model\s+train acc\s+val acc\s+test acc\s+gap \(pts\)\s+best epoch\s+epochs\s+seconds/)
    expect(lines.some((l) => l.startsWith('baseline '))).toBe(true)
    expect(lines.some((l) => l.startsWith('l1 '))).toBe(true)

    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))
    expect(summary.dataset).toMatchObject({ train: 360, validation: 40, test: 100 })
    expect(summary.dataset.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(summary.backend.name).toBe('wasm')
    expect(summary.models.map((m: { name: string }) => m.name)).toEqual(['baseline', 'l1'])
    for (const m of summary.models) {
      expect(m.history).toHaveLength(2)
      expect(m.epochsRun).toBe(2)
      expect(m.testAccuracy).toBeGreaterThan(0.3)
      expect(m.msPerStep).toBeGreaterThan(0)
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['spec', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss', 'testLoss', 'bestEpoch', 'seconds']))
    }
    const csv = await readFile(join(out, 'metrics.csv'), 'utf8')
    expect(csv.split(/\r?\n/)[0]).toBe('model,epoch,loss,accuracy,val_loss,val_accuracy')
    expect(csv.trim().split(/\r?\n/)).toHaveLength(5)
    const html = await readFile(join(out, 'report.html'), 'utf8')
    expect(html).toContain('baseline')
    expect(html).not.toMatch(/<script[^>]+src=/)

    const runs = await readdir(join(workspace, 'runs'))
    expect(runs).toHaveLength(2)
    const record = JSON.parse(await readFile(join(workspace, 'runs', runs[0], 'run.json'), 'utf8'))
    expect(record.status).toBe('finished')
    const metricLines = (await readFile(join(workspace, 'runs', runs[0], 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect(metricLines).toHaveLength(2)
  })

  it('refuses an unknown variant and a lone --train with one line and exit 2', async () => {
    const unknown = await runCli(['study', '--variants', 'baseline,nope', '--workspace', join(dir, 'ws2')])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim()).toMatch(/^regstudio study: unknown variant nope in preset seed; known: baseline, dropout, l2, l1, earlystopping$/)
    const lone = await runCli(['study', '--train', join(dir, 'train.csv')])
    expect(lone.code).toBe(2)
    expect(lone.stderr.trim()).toBe('regstudio study: --train and --test go together')
    const none = await runCli(['study', '--concurrency', '0', '--workspace', join(dir, 'ws3')])
    expect(none.code).toBe(2)
    expect(none.stderr.trim()).toBe('regstudio study: --concurrency must be a whole number of at least 1, got 0')
  })

  it('trains each variant once per seed with --repeats, every repeat on the same validation split', async () => {
    const out = join(dir, 'out-repeats')
    const workspace = join(dir, 'ws-repeats')
    const r = await runCli(
      ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', 'baseline,dropout',
        '--epochs', '1', '--repeats', '2', '--seed', '7', '--workspace', workspace, '--out', out, '--backend', 'wasm'],
      { timeoutMs: 180_000 }
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/dropout \(seed 8\): epoch 1 loss/)
    expect(r.stderr).toMatch(/^study: 4 runs, about .+, 2 runs at a time, assuming the wasm speed of a 2-core machine/m)
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))
    const runs = summary.models.map((m: { spec: { name: string; seed: number } }) => `${m.spec.name}@${m.spec.seed}`)
    expect(runs).toEqual(['baseline@7', 'dropout@7', 'baseline@8', 'dropout@8'])
    const records = await Promise.all(
      (await readdir(join(workspace, 'runs'))).map(async (id) => JSON.parse(await readFile(join(workspace, 'runs', id, 'run.json'), 'utf8')))
    )
    expect(records).toHaveLength(4)
    for (const record of records) {
      expect(record.splitSeed).toBe(7)
      expect(record.dataset).toMatchObject({ train: 360, validation: 40 })
    }
    // Another seed gives other weights: the repeats are not copies of each other.
    const baseline = summary.models.filter((m: { spec: { name: string } }) => m.spec.name === 'baseline')
    expect(baseline[0].history[0].loss).not.toBe(baseline[1].history[0].loss)
  })

  it('trains a sweep beside a plain variant, one generated variant per value, each with the study\'s repeats', async () => {
    const out = join(dir, 'out-sweep')
    const r = await runCli(
      ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', 'baseline', '--sweep', 'l2:l2=1e-5,1e-3',
        '--epochs', '1', '--repeats', '2', '--workspace', join(dir, 'ws-sweep'), '--out', out, '--backend', 'wasm'],
      { timeoutMs: 180_000 }
    )
    expect(r.code, r.stderr).toBe(0)
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))
    const runs = summary.models.map((m: { spec: { name: string; seed: number } }) => `${m.spec.name}@${m.spec.seed}`)
    expect(runs).toEqual(['baseline@42', 'l2[l2=0.00001]@42', 'l2[l2=0.001]@42', 'baseline@43', 'l2[l2=0.00001]@43', 'l2[l2=0.001]@43'])
    const strong = summary.models.find((m: { spec: { name: string } }) => m.spec.name === 'l2[l2=0.001]')
    expect(strong.spec.layers.filter((l: { l2?: number }) => l.l2 === 1e-3)).toHaveLength(2)
  }, 240_000)

  it('refuses a bad sweep with one line naming the problem and exit 2, before touching the workspace', async () => {
    const cases: [string, RegExp][] = [
      ['nope:l2=1e-4', /nope/],
      ['l2:colour=1', /colour/],
      ['baseline:rate=0.1', /rate/],
      ['l2:l2=-1e-4', /negative|at least 0|≥ 0/],
      ['dropout:rate=1', /rate/],
      ['l2:l2=', /empty|no value|value/]
    ]
    for (const [sweep, problem] of cases) {
      const workspace = join(dir, 'ws-bad-sweep')
      const r = await runCli(['study', '--sweep', sweep, '--workspace', workspace])
      expect(r.code, sweep).toBe(2)
      expect(r.stderr.trim().split('\n'), sweep).toEqual([expect.stringMatching(problem)])
      expect(r.stderr.startsWith('regstudio study: '), sweep).toBe(true)
      await expect(access(workspace)).rejects.toMatchObject({ code: 'ENOENT' })
    }
  }, 120_000)

  it('refuses --repeats outside 1..100 with one line and exit 2, before touching the workspace', async () => {
    for (const value of ['0', '-1', '1.5', '101']) {
      const workspace = join(dir, `ws-repeats-${value}`)
      const r = await runCli(['study', '--repeats', value, '--workspace', workspace])
      expect(r.code, value).toBe(2)
      expect(r.stderr).toBe(`regstudio study: --repeats must be a whole number from 1 to 100, got ${value}\n`)
      await expect(access(workspace)).rejects.toMatchObject({ code: 'ENOENT' })
    }
  })

  it.skipIf(installedNativePackage() !== null)('refuses a tensorflow backend that is not installed before loading any data', async () => {
    const r = await runCli(['study', '--backend', 'tensorflow', '--workspace', join(dir, 'ws-tf')])
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^regstudio study: the tensorflow backend is not installed here \(/)])
    expect(existsSync(join(dir, 'ws-tf'))).toBe(false)
  })

  it('refuses an --out it cannot write at once, before loading data or training', async () => {
    await writeFile(join(dir, 'afile'), 'not a folder')
    const out = join(dir, 'afile', 'out')
    const workspace = join(dir, 'ws-bad-out')
    const r = await runCli(['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', 'baseline',
      '--epochs', '1', '--workspace', workspace, '--out', out, '--backend', 'wasm'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toBe(`regstudio study: Cannot write ${out}: a part of the path is a file, not a folder\n`)
    expect(r.stdout).toBe('')
    // Refused before the workspace was touched: no data loaded, no run started.
    await expect(access(workspace)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
