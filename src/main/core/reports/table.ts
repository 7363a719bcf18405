/** The study's results as a fixed-width text table for the terminal. */
import type { StudySummary } from '../../../shared/studySummary'

interface Column {
  title: string
  alignRight: boolean
}

const COLUMNS: Column[] = [
  { title: 'model', alignRight: false },
  { title: 'train acc', alignRight: true },
  { title: 'val acc', alignRight: true },
  { title: 'test acc', alignRight: true },
  { title: 'gap', alignRight: true },
  { title: 'best epoch', alignRight: true },
  { title: 'epochs', alignRight: true },
  { title: 'seconds', alignRight: true }
]

export function formatTable(summary: StudySummary): string {
  const rows = summary.models.map((m) => [
    terminalSafe(m.name),
    acc(m.trainAccuracy),
    m.valAccuracy === null ? '-' : acc(m.valAccuracy),
    acc(m.testAccuracy),
    acc(m.trainAccuracy - m.testAccuracy),
    String(m.bestEpoch),
    String(m.epochsRun),
    Number.isFinite(m.seconds) ? m.seconds.toFixed(1) : '-'
  ])
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (COLUMNS[i].alignRight ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [
    line(COLUMNS.map((c) => c.title)),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line)
  ].join('\n') + '\n'
}

function acc(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : '-'
}

/** Model names are user text: control characters (escape sequences, newlines) would garble the terminal. */
function terminalSafe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
}
