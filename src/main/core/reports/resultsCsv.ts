/**
 * results.csv: one row per run (variant, seed, final metrics) and one row per variant aggregate
 * (mean, std and 95 % interval of each metric). The `row` column tells the two kinds apart.
 */
import { aggregateVariants, modelsOnStudyData, runGap } from '../../../shared/studyAggregates'
import type { Description } from '../../../shared/statistics'
import type { StudySummary } from '../../../shared/studySummary'
import { csvField, csvNumber } from './csv'

const METRICS = ['train_accuracy', 'val_accuracy', 'test_accuracy', 'gap', 'test_loss', 'best_epoch'] as const
const STATS = ['mean', 'std', 'ci95_low', 'ci95_high'] as const

const HEADER = ['row', 'variant', 'run', 'seed', 'n', ...METRICS.flatMap((m) => [m, ...STATS.map((s) => `${m}_${s}`)])]

export function toResultsCsv(summary: StudySummary): string {
  const rows = [HEADER.join(',')]
  for (const m of summary.models) {
    const values = [m.trainAccuracy, m.valAccuracy, m.testAccuracy, runGap(m), m.testLoss, m.bestEpoch]
    rows.push(
      [
        'run',
        csvField(m.spec.name),
        csvField(m.runId ?? m.name),
        String(m.spec.seed),
        '',
        ...values.flatMap((v) => [csvNumber(v), ...STATS.map(() => '')])
      ].join(',')
    )
  }
  for (const v of summary.variants ?? aggregateVariants(modelsOnStudyData(summary))) {
    const described = [v.trainAccuracy, v.valAccuracy, v.testAccuracy, v.gap, v.testLoss, v.bestEpoch]
    rows.push(['variant', csvField(v.name), '', '', String(v.n), ...described.flatMap(aggregateCells)].join(','))
  }
  return rows.join('\r\n') + '\r\n'
}

/** The per-run column stays empty on an aggregate row; mean, std and the interval follow it. */
function aggregateCells(d: Description | null): string[] {
  if (d === null) return ['', '', '', '', '']
  return ['', csvNumber(d.mean), csvNumber(d.std), csvNumber(d.ci95?.[0] ?? null), csvNumber(d.ci95?.[1] ?? null)]
}
