/** Plans datasets.samples requests for scattered test-image indices: few requests, few unneeded images. */

export interface SampleWindow {
  offset: number
  limit: number
}

/**
 * Sorted, de-duplicated indices merged into windows: a next index joins the current window when it
 * is at most `maxGap` past the previous one and the window stays within `maxLimit` images.
 */
export function planSampleWindows(indices: readonly number[], maxGap = 8, maxLimit = 500): SampleWindow[] {
  const sorted = [...new Set(indices)].filter((i) => Number.isInteger(i) && i >= 0).sort((a, b) => a - b)
  const windows: SampleWindow[] = []
  let start = -1
  let last = -1
  for (const i of sorted) {
    if (start >= 0 && i - last <= maxGap && i - start + 1 <= maxLimit) {
      last = i
      continue
    }
    if (start >= 0) windows.push({ offset: start, limit: last - start + 1 })
    start = i
    last = i
  }
  if (start >= 0) windows.push({ offset: start, limit: last - start + 1 })
  return windows
}
