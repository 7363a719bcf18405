/** Finished runs written through the real RunStore, as a trainer would leave them, for tests of what reads them. */
import type { RunStore } from '../../src/main/core/runs/runStore'
import type { RunRecord } from '../../src/shared/results'
import { details } from '../unit/renderer/lib/runFixtures'

export async function storeFinishedRun(store: RunStore, name: string, fields: Partial<RunRecord> & Pick<RunRecord, 'dataset'>): Promise<RunRecord> {
  const made = details(name, { name, ...fields })
  const { id: _id, createdAt: _createdAt, ...rest } = made.record
  const record = await store.create({ ...rest, status: 'running' })
  for (const h of made.history) await store.appendEpoch(record.id, h)
  await store.saveEvaluation(record.id, made.evaluation!)
  return store.update(record.id, { status: 'finished' })
}
