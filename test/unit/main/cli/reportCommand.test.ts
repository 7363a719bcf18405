import { spawn } from 'node:child_process'
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunStore } from '../../../../src/main/core/runs/runStore'
import { acquireWorkspaceLock, LOCK_FILE, type WorkspaceLock } from '../../../../src/main/core/runs/workspaceLock'
import type { RunRecord } from '../../../../src/shared/results'
import type { StudySummary } from '../../../../src/shared/studySummary'
import { runCli } from '../../../support/cli'
import { nextMillisecond, storeFinishedRun } from '../../../support/storedRuns'
import { smallSpec } from '../../../support/synthetic'

const DATA = { source: 'test data', fingerprint: 'c'.repeat(64), train: 900, validation: 100, test: 200 }

describe('regstudio report', () => {
  let dir: string
  let workspace: string
  let lone: RunRecord
  let study: RunRecord[]
  let running: RunRecord
  let host: WorkspaceLock

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
    host = await acquireWorkspaceLock(workspace, 'regstudio serve')
  })

  afterAll(async () => {
    await host.release()
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

describe('regstudio report --list on a workspace a crashed host left', () => {
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-crashed-'))
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('shows its running run as interrupted with the epochs it logged, and notes a torn last epoch record', async () => {
    const workspace = join(dir, 'ws')
    const store = new RunStore(workspace)
    await store.init()
    const run = await store.create({ ...details('crashed'), status: 'running' })
    for (let epoch = 1; epoch <= 7; epoch++) await store.appendEpoch(run.id, { epoch, loss: 1 / epoch, accuracy: 0.5, ms: 10 })
    // The crash came as epoch 8 was being written.
    await appendFile(join(store.runDir(run.id), 'metrics.jsonl'), '{"epoch":8,"lo')
    // Its lock names a process that is gone.
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '0'])
      child.on('exit', () => resolve(child.pid!))
    })
    await writeFile(join(workspace, `${LOCK_FILE}.1`), JSON.stringify({ pid: gone, host: hostname(), command: 'regstudio serve', since: '' }))

    const r = await runCli(['report', '--workspace', workspace, '--list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[2].split(/\s+/)).toEqual([run.id, 'crashed', 'interrupted', '-', expect.any(String), expect.any(String), '7/12', '-'])
    expect(lines[3]).toBe(`note: ${run.id} (crashed): runs/${run.id}/metrics.jsonl: last epoch record was incomplete and was dropped`)
    // Only read: the next host is the one that marks it interrupted.
    expect((await store.get(run.id)).record.status).toBe('running')
  })
})

function details(name: string) {
  return {
    name,
    spec: { ...smallSpec({ name }), epochs: 12 },
    dataset: DATA,
    epochsRun: 0
  }
}
