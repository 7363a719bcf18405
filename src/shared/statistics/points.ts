/** Differences of accuracies (fractions) written as signed percentage points, never as "−0.0". */

const MINUS = '\u2212'

/** 0.012 -> "+1.2", -0.003 -> "−0.3", -0.0001 -> "0.0". */
export function signedPoints(fraction: number, digits = 1): string {
  const text = (Math.abs(fraction) * 100).toFixed(digits)
  // Rounded to zero, a difference has no direction to show.
  if (Number(text) === 0) return text
  return `${fraction < 0 ? MINUS : '+'}${text}`
}

/** p-values the way the verdicts give them: "0.004", "< 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`
}
