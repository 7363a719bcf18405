import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCsv } from '../../../../src/main/core/datasets/writers'
import { runCli } from '../../../support/cli'
import { syntheticSet } from '../../../support/synthetic'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-robustness-'))
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(300, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(syntheticSet(60, 2)))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('--robustness', () => {
  it('regstudio study probes its runs into summary.json; regstudio report reuses the cached probe', async () => {
    const workspace = join(dir, 'ws')
    const study = await runCli(
      ['study', '--train', join(dir, 'train.csv'), '--test', join(dir, 'test.csv'), '--variants', 'baseline', '--epochs', '1',
        '--workspace', workspace, '--out', join(dir, 'study'), '--backend', 'wasm', '--concurrency', '1', '--robustness'],
      { timeoutMs: 240_000 }
    )
    expect(study.code, study.stderr).toBe(0)
    expect(study.stderr).toContain('robustness: probing 1 run (noise, shifts, occlusion, contrast loss')
    expect(study.stdout).toMatch(/^perturbation\s+strength\s+baseline$/m)
    expect(study.stdout).toMatch(/^noise\s+0\.3\s+\d{1,3}\.\d%$/m)
    const fromStudy = JSON.parse(await readFile(join(dir, 'study', 'summary.json'), 'utf8'))
    expect(fromStudy.robustness).toHaveLength(17)
    expect(fromStudy.robustness[0]).toEqual({ variant: 'baseline', runId: fromStudy.models[0].runId, perturbation: 'noise', strength: 0, accuracy: fromStudy.models[0].testAccuracy })

    const [runId] = await readdir(join(workspace, 'runs'))
    const cache = join(workspace, 'runs', runId, 'robustness.json')
    const probedAt = (await stat(cache)).mtimeMs
    const report = await runCli(['report', '--workspace', workspace, '--out', join(dir, 'report'), '--robustness'])
    expect(report.code, report.stderr).toBe(0)
    const fromReport = JSON.parse(await readFile(join(dir, 'report', 'summary.json'), 'utf8'))
    expect(fromReport.robustness).toEqual(fromStudy.robustness)
    expect((await stat(cache)).mtimeMs).toBe(probedAt)

    const plain = await runCli(['report', '--workspace', workspace, '--out', join(dir, 'plain')])
    expect(plain.code, plain.stderr).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'plain', 'summary.json'), 'utf8'))).not.toHaveProperty('robustness')
  })
})
