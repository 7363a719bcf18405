import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeIdxDataset } from '../../../support/idxDataset'
import { runCli } from '../../../support/cli'

const NAMES = ['apple', 'bee', 'cat', 'dog', 'egg', 'fig', 'goat', 'hat', 'ink', 'jam', 'kite', 'lamp']

let dir: string
let files: string[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-classes-'))
  files = await writeIdxDataset(dir, { classes: 12, train: 480, test: 120 })
  await writeFile(join(dir, 'names.txt'), NAMES.join('\n'))
})

afterAll(() => rm(dir, { recursive: true, force: true }))

describe('regstudio study on a 12-class IDX dataset', () => {
  it('trains with a 12-unit output and reports a 12x12 confusion matrix under the names of --classes', async () => {
    const out = join(dir, 'out')
    const workspace = join(dir, 'ws')
    const [trainImages, trainLabels, testImages, testLabels] = files
    const r = await runCli(
      ['study', '--train', trainImages, trainLabels, '--test', testImages, testLabels, '--classes', join(dir, 'names.txt'),
        '--variants', 'baseline', '--epochs', '1', '--workspace', workspace, '--out', out, '--backend', 'wasm'],
      { timeoutMs: 180_000 }
    )
    expect(r.code, r.stderr).toBe(0)
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))
    expect(summary.dataset.classNames).toEqual(NAMES)
    const [model] = summary.models
    expect(model.spec.layers.at(-1)).toEqual({ type: 'dense', units: 12, activation: 'softmax' })
    expect(model.evaluation.confusion).toHaveLength(12)
    expect(model.evaluation.confusion.every((row: number[]) => row.length === 12)).toBe(true)
    expect(model.evaluation.samples[0].probabilities).toHaveLength(12)

    const [runId] = await readdir(join(workspace, 'runs'))
    const record = JSON.parse(await readFile(join(workspace, 'runs', runId, 'run.json'), 'utf8'))
    expect(record.dataset.classNames).toEqual(NAMES)

    const html = await readFile(join(out, 'report.html'), 'utf8')
    const confusion = html.slice(html.indexOf('<section id="confusion">'), html.indexOf('<section id="per-class">'))
    expect(confusion.match(/<th class="row"/g)).toHaveLength(12)
    expect(confusion).toContain('11 lamp</th>')
    expect(html).not.toContain('T-shirt')
    expect(html).not.toContain('Ankle boot')
  })

  it('refuses a --classes file whose length is not K, in one line', async () => {
    await writeFile(join(dir, 'short.txt'), 'a\nb\n')
    const r = await runCli(['import', ...files, '--classes', join(dir, 'short.txt')])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(`regstudio import: ${join(dir, 'short.txt')}: 2 class names given, but the dataset has 12 classes (labels 0..11)`)
  })
})
