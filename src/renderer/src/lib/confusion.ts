/** Confusion matrices as heat-shaded tables: shading, and a run's difference from the baseline's. */

/** Strongest shading (percent of the accent colour), so cell text stays readable in both schemes. */
const MAX_SHADE = 55

/** Cell-by-cell run minus baseline (both confusion[true][predicted]). */
export function confusionDifference(run: readonly (readonly number[])[], baseline: readonly (readonly number[])[]): number[][] {
  return run.map((row, t) => row.map((v, p) => v - (baseline[t]?.[p] ?? 0)))
}

/** The largest absolute value of a matrix (at least 1, so shading never divides by zero). */
export function matrixMax(matrix: readonly (readonly number[])[], skipDiagonal = false): number {
  let max = 1
  matrix.forEach((row, t) =>
    row.forEach((v, p) => {
      if (!(skipDiagonal && t === p)) max = Math.max(max, Math.abs(v))
    })
  )
  return max
}

/** Shading strength 0..MAX_SHADE (percent) of a value against the matrix maximum. */
export function shadePercent(value: number, max: number): number {
  if (max <= 0 || !Number.isFinite(value)) return 0
  return Math.round((Math.min(Math.abs(value), max) / max) * MAX_SHADE)
}

/**
 * Whether a difference from the baseline is an improvement: more correct answers on the diagonal
 * or fewer confusions off it.
 */
export function differenceTone(value: number, onDiagonal: boolean): 'better' | 'worse' | 'same' {
  if (value === 0) return 'same'
  return value > 0 === onDiagonal ? 'better' : 'worse'
}
