/** Holm's step-down adjustment of p-values for multiple comparisons. */

/**
 * Adjusted p-values in the input order. A null (a comparison without a test) is not counted among
 * the comparisons and stays null.
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues.flatMap((p, index) => (p === null ? [] : [{ p, index }])).sort((x, y) => x.p - y.p)
  const m = tested.length
  const adjusted: (number | null)[] = pValues.map(() => null)
  let running = 0
  tested.forEach(({ p, index }, rank) => {
    // The running maximum keeps adjusted values in the order of the raw ones.
    running = Math.max(running, Math.min(1, (m - rank) * p))
    adjusted[index] = running
  })
  return adjusted
}
