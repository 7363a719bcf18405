/**
 * The run list of `regstudio report --list`, which reads a workspace without taking it: a run a
 * host left running is shown as it is now, with the epochs its log holds (its run.json is only
 * brought up to date at the end), and as interrupted when that host is gone.
 */
import { isActiveStatus } from '../../shared/results'
import { formatRunList } from '../core/reports/table'
import type { RunSummary } from '../core/runs/runStore'
import type { OwnerState } from '../core/runs/workspaceLock'

export function runListing(runs: readonly RunSummary[], owner: OwnerState): string {
  const shown = runs.map((run): RunSummary => {
    if (run.damaged || !isActiveStatus(run.record.status)) return run
    const status = owner.alive ? run.record.status : 'interrupted'
    return { ...run, record: { ...run.record, status, epochsRun: run.epochsLogged } }
  })
  const notes = runs.flatMap((run) => (run.damaged ? [] : (run.notes ?? []).map((note) => `note: ${run.id} (${run.record.name}): ${note}\n`)))
  return formatRunList(shown) + notes.join('')
}
