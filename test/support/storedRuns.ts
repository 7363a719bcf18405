/** Finished runs written through the real RunStore, as a trainer would leave them, for tests of what reads them. */
import type { RunStore } from '../../src/main/core/runs/runStore'
import type { RunRecord } from '../../src/shared/results'
import { details } from '../unit/renderer/lib/runFixtures'

let lastCreated = 0

/**
 * Waits for the clock to pass the last run made here: ids and createdAt have millisecond resolution,
 * and on a fast disk (tmpfs) two runs can otherwise share one and list in random order.
 */
export async function nextMillisecond(): Promise<void> {
  while (Date.now() <= lastCreated) await new Promise((resolve) => setTimeout(resolve, 1))
}

export async function storeFinishedRun(
  store: RunStore,
  name: string,
  fields: Partial<RunRecord> & Pick<RunRecord, 'dataset'>,
  testAccuracy?: number
): Promise<RunRecord> {
  await nextMillisecond()
  const made = details(name, { name, ...fields }, testAccuracy)
  const { id: _id, createdAt: _createdAt, ...rest } = made.record
  const record = await store.create({ ...rest, status: 'running' })
  lastCreated = Math.max(lastCreated, Date.parse(record.createdAt))
  for (const h of made.history) await store.appendEpoch(record.id, h)
  await store.saveEvaluation(record.id, made.evaluation!)
  return store.update(record.id, { status: 'finished' })
}
