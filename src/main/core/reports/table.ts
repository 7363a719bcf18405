/**
 * Fixed-width text tables for the terminal: a study's results, their robustness, and the runs of a
 * workspace. Accuracies read as percentages with one decimal, differences in points, as in the app.
 */
import { formatFixed, formatPercent, formatPercentInterval, formatPercentSpread, formatPoints } from '../../../shared/format'
import type { RobustnessRow } from '../../../shared/robustness'
import type { RunSummary } from '../runs/runStore'
import { aggregateVariants, compareVariants, hasRepeats, modelsOnStudyData } from '../../../shared/studyAggregates'
import type { Description } from '../../../shared/statistics'
import type { StudySummary, VariantAggregate } from '../../../shared/studySummary'

interface Column {
  title: string
  alignRight: boolean
}

const RESULT_COLUMNS: Column[] = [
  { title: 'model', alignRight: false },
  { title: 'train acc', alignRight: true },
  { title: 'val acc', alignRight: true },
  { title: 'test acc', alignRight: true },
  { title: 'gap (pts)', alignRight: true },
  { title: 'best epoch', alignRight: true },
  { title: 'epochs', alignRight: true },
  { title: 'seconds', alignRight: true }
]

const VARIANT_COLUMNS: Column[] = [
  { title: 'variant', alignRight: false },
  { title: 'runs', alignRight: true },
  { title: 'train acc', alignRight: true },
  { title: 'val acc', alignRight: true },
  { title: 'test acc', alignRight: true },
  { title: 'test acc 95 % CI', alignRight: true },
  { title: 'gap (pts)', alignRight: true },
  { title: 'best epoch', alignRight: true }
]

const RUN_COLUMNS: Column[] = [
  { title: 'id', alignRight: false },
  { title: 'name', alignRight: false },
  { title: 'status', alignRight: false },
  { title: 'study', alignRight: false },
  { title: 'created', alignRight: false },
  { title: 'epochs', alignRight: true },
  { title: 'test acc', alignRight: true }
]

/**
 * One row per run; with repeats, one row per variant (mean ± sample std over its runs) followed by
 * the verdicts of the comparisons with the baseline.
 */
export function formatTable(summary: StudySummary): string {
  const variants = summary.variants ?? aggregateVariants(modelsOnStudyData(summary))
  if (hasRepeats(variants)) return formatVariantTable(summary, variants)
  return textTable(
    RESULT_COLUMNS,
    summary.models.map((m) => [
      terminalSafe(m.name),
      acc(m.trainAccuracy),
      m.valAccuracy === null ? '-' : acc(m.valAccuracy),
      acc(m.testAccuracy),
      points(m.trainAccuracy - m.testAccuracy),
      String(m.bestEpoch),
      String(m.epochsRun),
      Number.isFinite(m.seconds) ? m.seconds.toFixed(1) : '-'
    ])
  )
}

function formatVariantTable(summary: StudySummary, variants: VariantAggregate[]): string {
  const table = textTable(
    VARIANT_COLUMNS,
    variants.map((v) => [
      terminalSafe(v.name),
      String(v.n),
      spread(v.trainAccuracy),
      v.valAccuracy === null ? '-' : spread(v.valAccuracy),
      spread(v.testAccuracy),
      v.testAccuracy.ci95 === null ? '-' : formatPercentInterval(v.testAccuracy.ci95),
      Number.isFinite(v.gap.mean) ? `${points(v.gap.mean)} ± ${points(v.gap.std)}` : '-',
      Number.isFinite(v.bestEpoch.mean) ? `${formatFixed(v.bestEpoch.mean, 1)} ± ${formatFixed(v.bestEpoch.std, 1)}` : '-'
    ])
  )
  const comparisons = summary.comparisons ?? compareVariants(modelsOnStudyData(summary))
  if (comparisons.length === 0) return table
  return `${table}\n${comparisons.map((c) => terminalSafe(c.verdict)).join('\n')}\n`
}

/** An accuracy's mean ± std over repeats: "84.1% ± 0.7". */
function spread(d: Description): string {
  return Number.isFinite(d.mean) ? formatPercentSpread(d.mean, d.std) : '-'
}

/** The runs of a workspace, oldest first; a damaged run is listed with the reason in place of its name. */
export function formatRunList(runs: readonly RunSummary[]): string {
  return textTable(
    RUN_COLUMNS,
    runs.map((run) =>
      run.damaged
        ? [run.id, terminalSafe(`(damaged: ${run.reason})`), '-', '-', '-', '-', '-']
        : [
            run.id,
            terminalSafe(run.record.name),
            run.record.status,
            terminalSafe(run.record.studyId ?? '-'),
            run.record.createdAt.slice(0, 19).replace('T', ' '),
            `${run.record.epochsRun}/${run.record.spec.epochs}`,
            run.test ? acc(run.test.accuracy) : '-'
          ]
    )
  )
}

/**
 * Test accuracy per perturbation and strength (rows) and variant (columns, in order of appearance);
 * a variant with several runs (repeats) shows their mean, its title saying how many.
 */
export function formatRobustnessTable(rows: readonly RobustnessRow[]): string {
  const variants = [...new Set(rows.map((r) => r.variant))]
  const runs = variants.map((v) => new Set(rows.filter((r) => r.variant === v).map((r) => r.runId)).size)
  const steps = [...new Map(rows.map((r) => [`${r.perturbation} ${r.strength}`, r])).values()]
  const columns: Column[] = [
    { title: 'perturbation', alignRight: false },
    { title: 'strength', alignRight: true },
    ...variants.map((v, i) => ({ title: terminalSafe(runs[i] > 1 ? `${v} (mean of ${runs[i]})` : v), alignRight: true }))
  ]
  return textTable(
    columns,
    steps.map((step) => [
      step.perturbation,
      String(step.strength),
      ...variants.map((v) => {
        const values = rows.filter((r) => r.variant === v && r.perturbation === step.perturbation && r.strength === step.strength).map((r) => r.accuracy)
        return values.length > 0 ? acc(values.reduce((a, b) => a + b, 0) / values.length) : '-'
      })
    ])
  )
}

function textTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (columns[i].alignRight ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n'
}

function acc(v: number): string {
  return Number.isFinite(v) ? formatPercent(v) : '-'
}

/** A difference of accuracies in percentage points. */
function points(v: number): string {
  return Number.isFinite(v) ? formatPoints(v) : '-'
}

/** Names are user text: control characters (escape sequences, newlines) would garble the terminal. */
function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
}
