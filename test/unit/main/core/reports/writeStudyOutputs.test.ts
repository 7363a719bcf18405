import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeStudyOutputs } from '../../../../../src/main/core/reports/writeStudyOutputs'
import { UserError } from '../../../../../src/shared/errors'
import { model, summary } from './fixtures'

describe('writeStudyOutputs', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-outputs-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('creates the folder and writes summary.json, metrics.csv, final-metrics.csv, results.csv and report.html, leaving no temp files', async () => {
    const s = summary([model('baseline'), model('l2', { testAccuracy: 0.9 })])
    const out = join(dir, 'nested', 'study')
    const pixels = Array.from({ length: 10 }, () => new Array(784).fill(128))
    const files = await writeStudyOutputs(out, s, { samplesPixels: pixels })
    expect(files).toEqual({
      summaryJson: join(out, 'summary.json'),
      metricsCsv: join(out, 'metrics.csv'),
      finalMetricsCsv: join(out, 'final-metrics.csv'),
      resultsCsv: join(out, 'results.csv'),
      reportHtml: join(out, 'report.html')
    })
    expect((await readdir(out)).sort()).toEqual(['final-metrics.csv', 'metrics.csv', 'report.html', 'results.csv', 'summary.json'])
    expect(JSON.parse(await readFile(files.summaryJson, 'utf8'))).toEqual(s)
    expect((await readFile(files.metricsCsv, 'utf8')).split('\r\n')).toHaveLength(1 + 10 + 1)
    expect((await readFile(files.finalMetricsCsv, 'utf8')).split('\r\n')).toHaveLength(1 + 2 + 1)
    // Header, two runs, two variant aggregates, and the empty string after the last CRLF.
    expect((await readFile(files.resultsCsv, 'utf8')).split('\r\n')).toHaveLength(1 + 2 + 2 + 1)
    const html = await readFile(files.reportHtml, 'utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(10)
  })

  it('replaces existing outputs', async () => {
    await writeFile(join(dir, 'summary.json'), 'old')
    await writeStudyOutputs(dir, summary([model('baseline')]))
    expect(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')).models[0].name).toBe('baseline')
  })

  it('names the path in a UserError when the folder cannot be created', async () => {
    const blocker = join(dir, 'file')
    await writeFile(blocker, 'x')
    const err = await writeStudyOutputs(join(blocker, 'out'), summary([])).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toContain(join(blocker, 'out'))
  })

  it('names the file in a UserError when a file cannot be written, and cleans up its temp file', async () => {
    // A folder named like the output makes the rename fail.
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'metrics.csv', 'inside'), { recursive: true }))
    const err = await writeStudyOutputs(dir, summary([model('baseline')])).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UserError)
    expect((err as UserError).message).toMatch(/^Cannot write .*metrics\.csv: /)
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
