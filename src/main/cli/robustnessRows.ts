/** `--robustness` of `regstudio study` and `regstudio report`: probe the reported runs and print their table. */
import { plural } from '../../shared/format'
import type { BackendRequest } from '../../shared/results'
import type { RobustnessRow } from '../../shared/robustness'
import type { StudySummary } from '../../shared/studySummary'
import { formatRobustnessTable } from '../core/reports/table'
import { probeRobustness } from '../core/robustness/probeRobustness'

/** The rows of every finished run in the summary, after printing their table on stdout. */
export async function probeReportedRuns(workspace: string, summary: StudySummary, backend: BackendRequest): Promise<RobustnessRow[]> {
  const ids = summary.models.flatMap((m) => (m.runId !== undefined && !m.cancelled ? [m.runId] : []))
  if (ids.length === 0) return []
  process.stderr.write(`robustness: probing ${plural(ids.length, 'run')} (noise, shifts, occlusion, contrast loss; cached in each run's robustness.json)\n`)
  const rows = await probeRobustness(workspace, ids, { backend })
  process.stdout.write(`\n${formatRobustnessTable(rows)}`)
  return rows
}
