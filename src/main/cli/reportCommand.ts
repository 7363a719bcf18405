/**
 * `regstudio report`: the comparison report of runs already in a workspace (trained by the app,
 * `regstudio serve` or `regstudio study`), rebuilt without training. Only reads the workspace (but
 * for the robustness.json files --robustness adds, which no host writes), so it runs beside a host using it.
 */
import { resolve } from 'node:path'
import { UserError } from '../../shared/errors'
import type { RunRecord } from '../../shared/results'
import { defaultSelection } from '../../shared/runSelection'
import { DEFAULT_WORKSPACE } from '../core/paths'
import { formatTable } from '../core/reports/table'
import { prepareOutDir, writeStudyOutputs } from '../core/reports/writeStudyOutputs'
import { RunStore, type RunSummary } from '../core/runs/runStore'
import { readWorkspaceOwner } from '../core/runs/workspaceLock'
import { DatasetRegistry } from '../core/studio/datasetRegistry'
import { buildSummary, samplesOf } from '../core/studio/reportExport'
import type { Command } from './command'
import { optionalString, parseArgs } from './args'
import { probeReportedRuns } from './robustnessRows'
import { runListing } from './runListing'

export const reportCommand: Command = {
  summary: 'rebuild the comparison report of stored runs (from the app, serve or study) without training',
  usage: [
    'Usage: regstudio report [--workspace DIR] [--list | --runs ID,ID,... | --study ID] [--out DIR]',
    '',
    'Writes summary.json, metrics.csv and a self-contained report.html of finished runs into --out and',
    'prints their comparison table. Without --runs or --study it takes what the app compares by default:',
    'the finished runs of the newest study; or, when the newest finished run was trained alone, the newest',
    'finished run of each variant on the same data as it.',
    '',
    'Options:',
    `  --workspace DIR   the runs' workspace (default ./${DEFAULT_WORKSPACE}; the desktop app's is <userData>/workspace)`,
    '  --list            list the runs (id, name, status, study, created, epochs, test accuracy) and stop;',
    '                    a run whose host is gone shows as interrupted, with the epochs it logged',
    '  --runs a,b,...    report these runs (ids as --list prints them)',
    '  --study ID        report the finished runs of this study',
    '  --out DIR         where to write the files (default ./regstudio-report)',
    '  --robustness      also measure test accuracy under noise, shifts, occlusion and contrast loss (a table,',
    '                    and "robustness" in summary.json; cached in each run\'s folder, which this writes)',
    '',
    'Exit codes: 0 written, 2 bad input (one line naming the problem).'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { workspace: { type: 'string' }, list: { type: 'boolean' }, runs: { type: 'string' }, study: { type: 'string' }, out: { type: 'string' }, robustness: { type: 'boolean' } })
    if (args.positionals.length > 0) throw new UserError('usage', `unexpected argument "${args.positionals[0]}"; see --help`)
    const runIds = optionalString(args, 'runs')
    const studyId = optionalString(args, 'study')
    const list = args.flags.list === true
    if ([runIds !== undefined, studyId !== undefined, list].filter(Boolean).length > 1) {
      throw new UserError('usage', 'give one of --list, --runs and --study')
    }
    const workspace = resolve(optionalString(args, 'workspace') ?? DEFAULT_WORKSPACE)
    // Read only: no init(), which would mark the runs of a host using this workspace as interrupted.
    const store = new RunStore(workspace)
    const runs = await store.list()
    if (runs.length === 0) throw new UserError('no_runs', `${workspace}: no runs here (train some with regstudio study, or give --workspace)`)
    if (list) {
      process.stdout.write(runListing(runs, await readWorkspaceOwner(workspace)))
      return 0
    }

    const ids = runIds !== undefined ? parseIds(runIds, runs) : studyId !== undefined ? studyRuns(studyId, runs) : defaultRuns(runs)
    const datasets = new DatasetRegistry(workspace)
    await datasets.init()
    const summary = await buildSummary(store, ids, datasets.list())
    const outDir = resolve(optionalString(args, 'out') ?? 'regstudio-report')
    await prepareOutDir(outDir)
    const samplesPixels = await samplesOf((fingerprint) => datasets.byFingerprint(fingerprint), summary.dataset.fingerprint)
    process.stdout.write(formatTable(summary))
    // Measured in a child process, so this command still loads no TF.js itself.
    const robustness = args.flags.robustness === true ? await probeReportedRuns(workspace, summary, 'auto') : undefined
    const files = await writeStudyOutputs(outDir, summary, { samplesPixels, robustness })
    process.stderr.write(`wrote ${files.summaryJson}, ${files.metricsCsv}, ${files.finalMetricsCsv}, ${files.resultsCsv}, ${files.reportHtml}\n`)
    return 0
  }
}

function parseIds(text: string, runs: readonly RunSummary[]): string[] {
  const ids = text.split(',').map((id) => id.trim()).filter(Boolean)
  if (ids.length === 0) throw new UserError('usage', '--runs needs run ids (regstudio report --list prints them)')
  const known = new Set(runs.map((r) => r.id))
  const unknown = ids.find((id) => !known.has(id))
  if (unknown) throw new UserError('not_found', `--runs: no run "${unknown}" in this workspace (regstudio report --list prints the ids)`)
  return ids
}

function studyRuns(studyId: string, runs: readonly RunSummary[]): string[] {
  const ofStudy = records(runs).filter((r) => r.studyId === studyId)
  if (ofStudy.length === 0) throw new UserError('not_found', `--study: no study "${studyId}" in this workspace (regstudio report --list shows each run's study)`)
  const finished = ofStudy.filter((r) => r.status === 'finished')
  if (finished.length === 0) throw new UserError('not_exportable', `study "${studyId}" has no finished runs`)
  return finished.map((r) => r.id)
}

function defaultRuns(runs: readonly RunSummary[]): string[] {
  const ids = defaultSelection(records(runs).map((record) => ({ record })))
  if (ids.length === 0) throw new UserError('not_exportable', 'no finished runs to report (regstudio report --list shows their status)')
  return ids
}

/** The readable runs' records; damaged runs are only listed. */
function records(runs: readonly RunSummary[]): RunRecord[] {
  return runs.flatMap((r) => (r.damaged ? [] : [r.record]))
}
