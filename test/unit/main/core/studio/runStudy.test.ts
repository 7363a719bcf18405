import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../../../src/shared/events'
import { encodeCsv } from '../../../../../src/main/core/datasets/writers'
import { withHeadlessStudio } from '../../../../../src/main/core/studio/headlessStudio'
import { threadsPerTrainer } from '../../../../../src/main/core/studio/runQueue'
import { runStudy, type StudyOptions } from '../../../../../src/main/core/studio/runStudy'
import { RunStore } from '../../../../../src/main/core/runs/runStore'
import { syntheticSet } from '../../../../support/synthetic'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-run-study-'))
  await writeFile(join(dir, 'train.csv'), encodeCsv(syntheticSet(400, 1)))
  await writeFile(join(dir, 'test.csv'), encodeCsv(syntheticSet(100, 2)))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function study(concurrency: number) {
  const events: { name: string; event: RunEvent }[] = []
  const options: StudyOptions = {
    preset: 'seed',
    variants: ['baseline', 'dropout'],
    dataset: { kind: 'splits', train: [join(dir, 'train.csv')], test: [join(dir, 'test.csv')] },
    epochs: 2,
    backend: 'wasm',
    seed: 42,
    cacheDir: join(dir, 'cache'),
    onRunEvent: (event, name) => void events.push({ name, event })
  }
  const host = { workspace: join(dir, `ws-${concurrency}`), cacheDir: options.cacheDir, hostName: 'test', concurrency }
  return { ...(await withHeadlessStudio(host, (studio) => runStudy(studio, options))), events }
}

describe('runStudy concurrency', () => {
  it('trains variants at once, reports them in the preset order, with the same numbers as one at a time', async () => {
    const [one, two] = [await study(1), await study(2)]
    for (const result of [one, two]) {
      expect(result.failures).toEqual([])
      expect(result.summary.models.map((m) => m.name)).toEqual(['baseline', 'dropout'])
    }
    // Dated when the study started: before any of its runs was created, not when the last one ended.
    const records = (await new RunStore(join(dir, 'ws-1')).list()).flatMap((r) => (r.damaged ? [] : [r.record]))
    expect(records).toHaveLength(2)
    for (const record of records) expect(one.summary.createdAt <= record.createdAt, record.name).toBe(true)

    // The concurrent study hands both runs out before either finishes. Read from the records, not
    // from the trainers' start events: on a loaded machine one tiny run can finish before the other
    // trainer has even loaded its backend.
    const concurrent = (await new RunStore(join(dir, 'ws-2')).list()).flatMap((r) => (r.damaged ? [] : [r.record]))
    expect(concurrent).toHaveLength(2)
    const lastStart = concurrent.map((r) => r.startedAt ?? '').sort().at(-1) ?? ''
    const firstEnd = concurrent.map((r) => r.endedAt ?? '').sort()[0] ?? ''
    expect(lastStart < firstEnd, `${lastStart} before ${firstEnd}`).toBe(true)
    expect(two.events.filter((e) => e.event.type === 'run.started')).toHaveLength(2)

    // Seeded runs give the same metrics whatever the concurrency, and so whatever each trainer's
    // thread count (the products split columns between threads, never the sums).
    const metrics = (r: typeof one) => r.summary.models.map((m) => m.history)
    const [a, b] = [metrics(one).flat(), metrics(two).flat()]
    expect(a).toHaveLength(4)
    a.forEach((entry, i) => {
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value === 'number') expect(Math.abs(value - (b[i] as unknown as Record<string, number>)[key]), key).toBeLessThanOrEqual(1e-6)
      }
    })
  })

  it('shares the cores out between the trainers that run at once', () => {
    expect(threadsPerTrainer(1)).toBeGreaterThanOrEqual(threadsPerTrainer(2))
    expect(threadsPerTrainer(1000)).toBe(1)
  })
})
