/** Sweep values: the `1e-5,1e-4` and `A..B xN` forms, their rounding and their display. */
import { UserError } from '../errors'
import { MAX_SWEEP_VALUES, SWEEP_PARAMS, type SweepParam } from './params'

/**
 * Computed range values are rounded to 12 significant digits so that 10^(-6 + k) comes out as
 * exactly 1e-6, 1e-5, ... and 0.1 + 0.2 as 0.3: the values name variants and must read as typed.
 */
const SIGNIFICANT_DIGITS = 12

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
/** The end is greedy so that the count is read after the last "x" ("1e-6..x x5" has the end "x"). */
const RANGE = /^(.*?)\.\.(.*)x\s*(\S*)$/i

function usage(message: string): UserError {
  return new UserError('usage', message)
}

export function roundValue(v: number): number {
  return Number(v.toPrecision(SIGNIFICANT_DIGITS))
}

/**
 * A value as it appears in variant names and tables: JavaScript's shortest round-trip form, so
 * 0.0001 stays "0.0001", 1e-7 is "1e-7" and 0.3 is "0.3"; one rule, stable across runs and machines.
 */
export function formatValue(v: number): string {
  return String(v)
}

function parseNumber(text: string, where: string): number {
  const t = text.trim()
  if (!NUMBER.test(t)) throw usage(`${where}: "${t}" is not a number`)
  return Number(t)
}

/** N values from a to b, evenly spaced in log or linearly, ends exact. */
function spaced(a: number, b: number, n: number, scale: 'log' | 'linear'): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1)
    const v = scale === 'log' ? 10 ** (Math.log10(a) + t * (Math.log10(b) - Math.log10(a))) : a + t * (b - a)
    out.push(i === 0 ? a : i === n - 1 ? b : roundValue(v))
  }
  return out
}

function parseRange(m: RegExpMatchArray, param: SweepParam): number[] {
  const info = SWEEP_PARAMS[param]
  const where = `Sweep range "${m[0]}"`
  const a = parseNumber(m[1], where)
  const b = parseNumber(m[2], where)
  if (!/^\d+$/.test(m[3])) throw usage(`${where}: the count after "x" must be a whole number, as in 1e-6..1e-2 x5`)
  const n = Number(m[3])
  if (n < 2) throw usage(`${where}: needs at least 2 values (x${n})`)
  if (n > MAX_SWEEP_VALUES) throw usage(`${where}: ${n} values, at most ${MAX_SWEEP_VALUES}`)
  if (!(a < b)) throw usage(`${where}: the start must be below the end`)
  if (info.scale === 'log' && a <= 0) throw usage(`${where}: ${param} is spaced in log, so the range must start above 0`)
  const values = spaced(a, b, n, info.scale)
  // Whole-number parameters: 1..3 x5 gives 1, 2, 2, 3, 3 after rounding; each value is trained once.
  return info.integer ? [...new Set(values.map((v) => Math.round(v)))] : values
}

/** The values of `PARAM=VALUES`: a comma list or a range `A..B xN` (see SWEEP_PARAMS for spacing). */
export function parseValues(text: string, param: SweepParam): number[] {
  const t = text.trim()
  if (t === '') throw usage(`Sweep of ${param}: the list of values is empty`)
  if (t.includes('..')) {
    const m = t.match(RANGE)
    if (!m) throw usage(`Sweep range "${t}" is malformed: write A..B xN, as in 1e-6..1e-2 x5`)
    return parseRange(m, param)
  }
  const parts = t.split(',')
  if (parts.length > MAX_SWEEP_VALUES) throw usage(`Sweep of ${param}: ${parts.length} values, at most ${MAX_SWEEP_VALUES}`)
  return parts.map((p) => {
    if (p.trim() === '') throw usage(`Sweep of ${param}: empty value in "${t}"`)
    return parseNumber(p, `Sweep of ${param}`)
  })
}
