import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunStore } from '../../../../src/main/core/runs/runStore'
import type { RunRecord } from '../../../../src/shared/results'
import type { StudySummary } from '../../../../src/shared/studySummary'
import { runCli } from '../../../support/cli'
import { nextMillisecond, storeFinishedRun } from '../../../support/storedRuns'

const DATA = { source: 'test data', fingerprint: 'c'.repeat(64), train: 900, validation: 100, test: 200 }

describe('regstudio report', () => {
  let dir: string
  let workspace: string
  let lone: RunRecord
  let study: RunRecord[]
  let running: RunRecord

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-report-'))
    workspace = join(dir, 'ws')
    const store = new RunStore(workspace)
    await store.init()
    lone = await storeFinishedRun(store, 'baseline', { dataset: DATA })
    study = [
      await storeFinishedRun(store, 'baseline', { dataset: DATA, studyId: 'study-b' }),
      await storeFinishedRun(store, 'l2', { dataset: DATA, studyId: 'study-b' }),
      await store.update((await storeFinishedRun(store, 'l1', { dataset: DATA, studyId: 'study-b' })).id, { status: 'failed', error: 'boom' })
    ]
    // As a host using the workspace would leave it: the report must not mark it interrupted.
    await nextMillisecond()
    running = await store.create({ ...study[0], name: 'live', status: 'running', studyId: undefined })
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const summaryIn = async (out: string): Promise<StudySummary> => JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))

  it('lists the runs with their ids, status and study', async () => {
    const r = await runCli(['report', '--workspace', workspace, '--list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^id\s+name\s+status\s+study\s+created\s+epochs\s+test acc$/)
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([
      [lone.id, 'baseline', 'finished', '-'],
      [study[0].id, 'baseline', 'finished', 'study-b'],
      [study[1].id, 'l2', 'finished', 'study-b'],
      [study[2].id, 'l1', 'failed', 'study-b'],
      [running.id, 'live', 'running', '-']
    ])
  })

  it('by default reports the finished runs of the newest study, read-only', async () => {
    const out = join(dir, 'default')
    const r = await runCli(['report', '--workspace', workspace, '--out', out])
    expect(r.stderr).toContain(`wrote ${join(out, 'summary.json')}`)
    expect(r.code).toBe(0)
    expect((await summaryIn(out)).models.map((m) => m.runId)).toEqual([study[0].id, study[1].id])
    expect(r.stdout.split('\n')[0]).toMatch(/^model\s+train acc/)
    expect((await stat(join(out, 'report.html'))).size).toBeGreaterThan(10_000)
    expect(await readFile(join(out, 'metrics.csv'), 'utf8')).toContain('l2')
    expect((await new RunStore(workspace).get(running.id)).record.status).toBe('running')
  })

  it('reports chosen runs, numbering two tries of a variant, or a study by id', async () => {
    const picked = join(dir, 'picked')
    const r = await runCli(['report', '--workspace', workspace, '--runs', `${study[0].id},${lone.id}`, '--out', picked])
    expect(r.code).toBe(0)
    expect((await summaryIn(picked)).models.map((m) => m.name)).toEqual(['baseline #2', 'baseline #1'])

    const byStudy = join(dir, 'by-study')
    expect((await runCli(['report', '--workspace', workspace, '--study', 'study-b', '--out', byStudy])).code).toBe(0)
    expect((await summaryIn(byStudy)).models.map((m) => m.name)).toEqual(['baseline', 'l2'])
  })

  it('refuses bad requests with one line and exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--runs', 'nope'], /--runs: no run "nope" in this workspace/],
      [['--runs', study[2].id], /is failed: only finished runs can be compared/],
      [['--study', 'nope'], /--study: no study "nope"/],
      [['--study', 'x', '--list'], /give one of --list, --runs and --study/],
      [['--workspace', join(dir, 'empty')], /no runs here/],
      [['extra'], /unexpected argument "extra"/]
    ]
    for (const [args, message] of cases) {
      const r = await runCli(['report', '--workspace', workspace, ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(message)])
    }
  })

  it.skipIf(process.platform !== 'linux')('refuses an --out that cannot be made, without hanging', async () => {
    const r = await runCli(['report', '--workspace', workspace, '--out', '/proc/regstudio-report'], { timeoutMs: 20_000 })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/\/proc\/regstudio-report/)
  })
})
