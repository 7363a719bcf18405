/** A synthetic study with repeats: baseline and dropout, seeds 1–3, dropout stopping early in seed 3. */
import { history, model, summary } from '../main/core/reports/fixtures'
import { spec } from '../main/core/reports/fixtures'
import type { StudyModelResult, StudySummary } from '../../../src/shared/studySummary'

export const SEEDS = [1, 2, 3]
export const BASELINE_TEST = [0.88, 0.895, 0.89]
export const BASELINE_TRAIN = [0.95, 0.96, 0.955]
export const DROPOUT_TEST = [0.892, 0.905, 0.903]
export const DROPOUT_TRAIN = [0.93, 0.935, 0.94]

function run(variant: string, i: number, trainAccuracy: number, testAccuracy: number, epochs: number): StudyModelResult {
  const hist = history([0.5, 0.4, 0.35, 0.33, 0.34].slice(0, epochs).map((v) => v + i * 0.01))
  return model(`${variant} #${i + 1}`, {
    spec: spec(variant, { seed: SEEDS[i], epochs: 5 }),
    runId: `${variant}-${SEEDS[i]}`,
    trainAccuracy,
    testAccuracy,
    testLoss: 1.2 - testAccuracy,
    valAccuracy: 0.88 + i * 0.01,
    bestEpoch: epochs,
    epochsRun: epochs,
    stoppedEarly: epochs < 5,
    history: hist
  })
}

export function repeatedModels(): StudyModelResult[] {
  return SEEDS.flatMap((_, i) => [
    run('baseline', i, BASELINE_TRAIN[i], BASELINE_TEST[i], 5),
    run('dropout', i, DROPOUT_TRAIN[i], DROPOUT_TEST[i], i === 2 ? 3 : 5)
  ])
}

export function repeatedSummary(): StudySummary {
  return summary(repeatedModels(), { repeats: 3 })
}
