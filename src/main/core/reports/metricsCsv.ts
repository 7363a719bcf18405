/** Per-epoch metrics of every model as CSV (RFC 4180: CRLF line ends, quoted fields where needed). */
import type { StudySummary } from '../../../shared/studySummary'
import { csvField } from './csv'

const HEADER = ['model', 'epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy']

export function toMetricsCsv(summary: StudySummary): string {
  const rows = [HEADER.join(',')]
  for (const m of summary.models) {
    for (const h of m.history) {
      rows.push(
        [csvField(m.name), String(h.epoch), num(h.loss), num(h.accuracy), num(h.val_loss), num(h.val_accuracy)].join(',')
      )
    }
  }
  return rows.join('\r\n') + '\r\n'
}

function num(v: number | undefined): string {
  return v === undefined ? '' : String(v)
}
