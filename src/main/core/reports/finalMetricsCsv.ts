/**
 * final-metrics.csv: one row per run with its final train, validation and test loss and accuracy (the
 * kept weights), beside metrics.csv, whose per-epoch rows and columns stay as they are. Fractions, as
 * in every CSV; RFC 4180 like the others.
 */
import type { StudySummary } from '../../../shared/studySummary'
import { csvField, csvNumber } from './csv'

const HEADER = ['model', 'run', 'seed', 'train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'best_epoch', 'epochs_run']

export function toFinalMetricsCsv(summary: StudySummary): string {
  const rows = [HEADER.join(',')]
  for (const m of summary.models) {
    rows.push(
      [
        csvField(m.name),
        csvField(m.runId ?? ''),
        String(m.spec.seed),
        ...[m.trainLoss, m.trainAccuracy, m.valLoss, m.valAccuracy, m.testLoss, m.testAccuracy].map(csvNumber),
        String(m.bestEpoch),
        String(m.epochsRun)
      ].join(',')
    )
  }
  return rows.join('\r\n') + '\r\n'
}
