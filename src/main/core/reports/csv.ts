/** CSV fields as RFC 4180 wants them, shared by metrics.csv and results.csv. */

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A number as written by String(); empty when absent or not finite. */
export function csvNumber(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : ''
}
