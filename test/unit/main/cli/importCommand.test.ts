import { gzipSync } from 'node:zlib'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCsv, encodeIdxImages, encodeIdxLabels } from '../../../../src/main/core/datasets/writers'
import { runCli } from '../../../support/cli'
import { syntheticSet } from '../../../support/synthetic'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-import-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('regstudio import', () => {
  it('prints the summary of an IDX pair and a CSV as JSON and exits 0', async () => {
    const train = syntheticSet(100, 1)
    const test = syntheticSet(20, 2)
    await writeFile(join(dir, 'train-images.gz'), gzipSync(encodeIdxImages(train.images, train.count)))
    await writeFile(join(dir, 'train-labels.gz'), gzipSync(encodeIdxLabels(train.labels)))
    await writeFile(join(dir, 'test.csv'), encodeCsv(test, { header: true, crlf: true }))
    const r = await runCli(['import', join(dir, 'test.csv'), join(dir, 'train-labels.gz'), join(dir, 'train-images.gz')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const summary = JSON.parse(r.stdout)
    expect(summary.train.count).toBe(100)
    expect(summary.test.count).toBe(20)
    expect(summary.train.perClass).toEqual(new Array(10).fill(10))
    expect(summary.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(summary.fingerprint).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses a malformed file with one line naming file, place and problem, and exit 2', async () => {
    const bad = join(dir, 'bad.csv')
    const rows = ['label,' + Array.from({ length: 784 }, (_, i) => `pixel${i + 1}`).join(',')]
    rows.push(['3', ...new Array(784).fill('0')].join(','))
    rows.push(['12', ...new Array(784).fill('0')].join(','))
    await writeFile(bad, rows.join('\n') + '\n')
    const r = await runCli(['import', bad, bad.replace('bad', 'other')])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('names the line and column of a bad label', async () => {
    const header = 'label,' + Array.from({ length: 784 }, (_, i) => `pixel${i + 1}`).join(',')
    const good = ['3', ...new Array(784).fill('0')].join(',')
    const bad = ['120', ...new Array(784).fill('0')].join(',')
    await writeFile(join(dir, 'train.csv'), [header, good, bad].join('\n') + '\n')
    await writeFile(join(dir, 'other-test.csv'), [header, good].join('\n') + '\n')
    const r = await runCli(['import', join(dir, 'train.csv'), join(dir, 'other-test.csv')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('train.csv')
    expect(r.stderr).toMatch(/line 3, column 1/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('shows the stack trace only with --debug', async () => {
    const r = await runCli(['import', join(dir, 'missing.csv'), '--debug'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/\n\s+at /)
  })

  it('has --help and refuses unknown options', async () => {
    const help = await runCli(['import', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--bundled')
    const unknown = await runCli(['import', '--frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim()).toBe('regstudio import: unknown option --frobnicate (see --help)')
  })
})
