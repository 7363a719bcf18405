import type { RobustnessRow } from '../../../../../src/shared/robustness'

/** One robustness row, for the report tests. */
export const row = (variant: string, runId: string, perturbation: RobustnessRow['perturbation'], strength: number, accuracy: number): RobustnessRow => ({
  variant,
  runId,
  perturbation,
  strength,
  accuracy
})
