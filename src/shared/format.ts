/** Number and duration formatting for the views and the CLI: one place so every table, card, chart label and progress line reads the same. */

/** Shown for a value that is missing or not a finite number. */
export const MISSING = '—'

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** 669706 -> "669,706" (rounded to an integer). */
export function formatThousands(value: number | null | undefined): string {
  return finite(value) ? thousands.format(value) : MISSING
}

/** toFixed without a negative zero: a value that rounds to zero has no direction to show. */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits)
  return Number(text) === 0 ? text.replace('-', '') : text
}

/** 0.4567 -> "0.457" with 3 digits; never "-0.000". */
export function formatFixed(value: number | null | undefined, digits = 3): string {
  return finite(value) ? fixed(value, digits) : MISSING
}

/**
 * A fraction as a percentage: 0.8834 -> "88.3%". Accuracies are shown this way, with one decimal,
 * in the app, the HTML report and the terminal; JSON and CSV keep the fractions.
 */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return finite(fraction) ? `${fixed(fraction * 100, digits)}%` : MISSING
}

/** A difference of fractions in percentage points: 0.059 -> "5.9", -0.003 -> "−0.3", -0.0001 -> "0.0". */
export function formatPoints(fraction: number | null | undefined, digits = 1): string {
  return finite(fraction) ? fixed(fraction * 100, digits).replace('-', '\u2212') : MISSING
}

/** A mean accuracy and its spread over repeats: (0.8412, 0.0071) -> "84.1% ± 0.7". */
export function formatPercentSpread(mean: number, std: number): string {
  return finite(mean) ? `${formatPercent(mean)} ± ${formatPoints(std)}` : MISSING
}

/**
 * A 95 % interval of a mean accuracy, clamped to what an accuracy can be: a t interval of a mean
 * near 100 % can pass it. (0.83, 1.004) -> "83.0% to 100.0%".
 */
export function formatPercentInterval(interval: readonly [number, number] | null): string {
  if (interval === null) return MISSING
  return `${formatPercent(clampFraction(interval[0]))} to ${formatPercent(clampFraction(interval[1]))}`
}

/** A fraction held to 0..1 (for intervals and error bars of accuracies). */
export function clampFraction(value: number): number {
  return Math.min(1, Math.max(0, value))
}

/**
 * A small coefficient as people write it in code: 0.0001 -> "1e-4", 0.3 -> "0.3", 0.00025 -> "2.5e-4".
 * Values from 0.001 up are shown as plain decimals.
 */
export function formatCoefficient(value: number | null | undefined): string {
  if (!finite(value)) return MISSING
  if (value === 0) return '0'
  const magnitude = Math.abs(value)
  if (magnitude >= 0.001 && magnitude < 1e6) return String(Number(value.toPrecision(6)))
  const [mantissa, exponent] = value.toExponential().split('e')
  return `${Number(Number(mantissa).toPrecision(6))}e${Number(exponent)}`
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Decimal units: 1500 -> "1.5 kB", 47040016 -> "47.0 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!finite(bytes)) return MISSING
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const sign = bytes < 0 ? '-' : ''
  return unit === 0 ? `${sign}${value} B` : `${sign}${value.toFixed(1)} ${BYTE_UNITS[unit]}`
}

/** A duration in milliseconds: "850 ms", "12.3 s", "4 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (!finite(ms) || ms < 0) return MISSING
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const totalSeconds = Math.round(ms / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  if (hours === 0) return `${minutes} min ${String(seconds).padStart(2, '0')} s`
  return `${hours} h ${String(minutes).padStart(2, '0')} min`
}

/** "1 image", "3 images". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatThousands(count)} ${count === 1 ? singular : pluralForm}`
}

/** A size limit, exact as configured: 536870912 -> "512 MiB", 65536 -> "64 KiB", 20000 -> "20000 bytes". */
export function formatSizeLimit(bytes: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`
  }
  return `${bytes} bytes`
}
