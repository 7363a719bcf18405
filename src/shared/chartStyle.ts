/** Chart conventions shared by the app's charts and the HTML report, so both read the same way. */

/** Run colours, in run order, readable on light and dark backgrounds. */
export const RUN_PALETTE = ['#3b82f6', '#ef4444', '#22c55e', '#f59e0b', '#a855f7', '#06b6d4', '#ec4899', '#84cc16', '#64748b', '#f97316']

/** Accuracy bars per split. */
export const SPLIT_COLORS = { train: '#94a3b8', validation: '#3b82f6', test: '#22c55e' } as const

/** Training series are dashed, validation series solid, in every chart. */
export const TRAINING_DASH = [5, 4]

export function runColor(index: number): string {
  return RUN_PALETTE[index % RUN_PALETTE.length]
}
