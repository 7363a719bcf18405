/** The run list as the sidebar, the queue and the comparison see it. */
import type { RunListItem } from '../../../shared/api'
import { isActiveStatus, type RunRecord, type RunStatus } from '../../../shared/results'
import { byCreation } from '../../../shared/runSelection'
import { runNames } from '../../../shared/studySummary'

export interface RunGroup {
  /** The study id, or the run id of a run started alone. */
  key: string
  studyId?: string
  /** Creation time of the newest run in the group (ISO). */
  newest: string
  /** In creation order (a study's variants in the order they were given). */
  runs: RunListItem[]
}

/** Runs grouped by study (a run started alone is a group of one), newest group first. */
export function groupRuns(items: readonly RunListItem[]): RunGroup[] {
  const groups = new Map<string, RunGroup>()
  for (const item of items) {
    const studyId = item.damaged ? undefined : item.record.studyId
    const key = studyId ?? item.record.id
    const group = groups.get(key) ?? { key, studyId, newest: '', runs: [] }
    group.runs.push(item)
    if (item.record.createdAt > group.newest) group.newest = item.record.createdAt
    groups.set(key, group)
  }
  for (const g of groups.values()) g.runs.sort(byCreation)
  return [...groups.values()].sort((a, b) => b.newest.localeCompare(a.newest) || b.key.localeCompare(a.key))
}

/**
 * The status to show: the host's record, unless live events already moved a queued or running
 * run further (the list is refreshed a moment after the event).
 */
export function effectiveStatus(record: RunRecord, live: { status: RunStatus } | undefined): RunStatus {
  if (!live) return record.status
  if (isActiveStatus(record.status)) return live.status
  return record.status
}

/** Runs that ended without a result can be trained again (a new run with the same spec and data). */
export function canRerun(status: RunStatus | 'damaged'): boolean {
  return status === 'interrupted' || status === 'failed' || status === 'cancelled'
}

/** Queued and running runs in the order the host will train them (creation order). */
export function queueOf(items: readonly RunListItem[], liveStatus: (runId: string) => { status: RunStatus } | undefined): RunListItem[] {
  return items
    .filter((i) => !i.damaged && isActiveStatus(effectiveStatus(i.record, liveStatus(i.record.id))))
    .sort(byCreation)
}

/**
 * A study's entry in the sidebar: one run, or the repeats of one variant (listed together, by seed,
 * `names` giving each its name as Compare and the reports do: runNames).
 */
export type StudyEntry = { kind: 'run'; item: RunListItem } | { kind: 'repeats'; name: string; runs: RunListItem[]; names: string[] }

/**
 * A study's runs with the repeats of each variant (runs of one name with several seeds) gathered
 * where the variant first appears; a variant run once, or only tried again with its own seed (a
 * re-run), stays plain runs, so a study without repeats lists as before.
 */
export function studyEntries(runs: readonly RunListItem[]): StudyEntry[] {
  const byName = new Map<string, RunListItem[]>()
  for (const item of runs) byName.set(item.record.name, [...(byName.get(item.record.name) ?? []), item])
  const gathered = new Set<string>()
  return runs.flatMap((item): StudyEntry[] => {
    const name = item.record.name
    const items = byName.get(name) as RunListItem[]
    if (new Set(items.map((i) => i.record.spec.seed)).size < 2) return [{ kind: 'run', item }]
    if (gathered.has(name)) return []
    gathered.add(name)
    const sorted = [...items].sort((x, y) => x.record.spec.seed - y.record.spec.seed)
    return [{ kind: 'repeats', name, runs: sorted, names: runNames(sorted.map(({ record }) => ({ name, seed: record.spec.seed, createdAt: record.createdAt }))) }]
  })
}

/** "3 finished, 1 running, 1 cancelled": how many runs are in each status, in the order a run moves through them. */
export function statusTally(statuses: readonly (RunStatus | 'damaged')[]): string {
  const order: readonly (RunStatus | 'damaged')[] = ['finished', 'running', 'queued', 'cancelled', 'failed', 'interrupted', 'damaged']
  return order
    .map((status) => ({ status, count: statuses.filter((s) => s === status).length }))
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} ${c.status}`)
    .join(', ')
}
