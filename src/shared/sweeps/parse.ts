/** `VARIANT:PARAM=VALUES` (CLI `--sweep`) and the checks every sweep passes before any training. */
import { UserError } from '../errors'
import type { ModelSpec } from '../spec'
import { expandSweep } from './expand'
import { dropoutLayers, strengthLayers } from './layers'
import { isSweepParam, MAX_SWEEP_VALUES, SWEEP_PARAMS, type SweepParam, type SweepSpec } from './params'
import { formatValue, parseValues } from './values'

function usage(message: string): UserError {
  return new UserError('usage', message)
}

/**
 * VARIANT is greedy up to the last ':' before PARAM so that variant names may hold a colon;
 * `@0,2` after PARAM picks layers (l1/l2 only).
 */
const SWEEP = /^(.+):([^:=@]*)(?:@([^:=]*))?=([^:]*)$/

function parseLayers(text: string, variant: string): number[] {
  return text.split(',').map((p) => {
    const t = p.trim()
    if (!/^\d+$/.test(t)) throw usage(`Sweep of ${variant}: layer "${t}" is not a layer index such as 0 or 2`)
    return Number(t)
  })
}

function checkValue(v: number, param: SweepParam, variant: string): void {
  const where = `Sweep ${variant}:${param}`
  if (!Number.isFinite(v)) throw usage(`${where}: ${v} is not a finite number`)
  if ((param === 'l1' || param === 'l2') && v < 0) throw usage(`${where}: strength ${formatValue(v)} is negative`)
  if (param === 'rate' && (v < 0 || v >= 1)) throw usage(`${where}: rate ${formatValue(v)} is outside [0, 1)`)
  if (SWEEP_PARAMS[param].integer && !Number.isInteger(v)) throw usage(`${where}: ${formatValue(v)} is not a whole number`)
  if (v < SWEEP_PARAMS[param].min) throw usage(`${where}: ${formatValue(v)} is below ${SWEEP_PARAMS[param].min}`)
}

function findVariant(name: string, variants: readonly ModelSpec[]): ModelSpec {
  const base = variants.find((v) => v.name === name)
  if (!base) throw usage(`Unknown variant "${name}" in sweep; variants: ${variants.map((v) => v.name).join(', ')}`)
  return base
}

/** The variant exists and has the parameter (and the picked layers): checked before the values, as it is the bigger mistake. */
function checkTarget(sweep: Omit<SweepSpec, 'values'>, variants: readonly ModelSpec[]): ModelSpec {
  const base = findVariant(sweep.variant, variants)
  const param: string = sweep.param
  if (!isSweepParam(param)) throw usage(`Unknown sweep parameter "${param}"; parameters: ${Object.keys(SWEEP_PARAMS).join(', ')}`)
  const where = `Sweep ${sweep.variant}:${param}`
  if (sweep.layers !== undefined && param !== 'l1' && param !== 'l2') throw usage(`${where}: only l1 and l2 sweeps pick layers`)
  if (param === 'l1' || param === 'l2') strengthLayers(base, sweep)
  if (param === 'rate' && dropoutLayers(base).length === 0) throw usage(`${where}: variant "${sweep.variant}" has no Dropout layers`)
  if (param === 'patience' && !base.earlyStopping) throw usage(`${where}: variant "${sweep.variant}" has no early stopping`)
  return base
}

/**
 * Throws a one-line UserError unless the sweep can run on these variants: the variant exists and has
 * the parameter, the values fit it, and every generated variant passes validateSpec. The app calls
 * it for its object form; parseSweep() for the CLI's text.
 */
export function checkSweep(sweep: SweepSpec, variants: readonly ModelSpec[]): void {
  const base = checkTarget(sweep, variants)
  const where = `Sweep ${sweep.variant}:${sweep.param}`
  if (sweep.values.length === 0) throw usage(`${where}: the list of values is empty`)
  if (sweep.values.length > MAX_SWEEP_VALUES) throw usage(`${where}: ${sweep.values.length} values, at most ${MAX_SWEEP_VALUES}`)
  const seen = new Set<number>()
  for (const v of sweep.values) {
    checkValue(v, sweep.param, sweep.variant)
    // Each value names a variant; a repeated value would name two.
    if (seen.has(v)) throw usage(`${where}: value ${formatValue(v)} is listed twice`)
    seen.add(v)
  }
  expandSweep(base, sweep)
}

/** `l2:l2=1e-5,1e-4,1e-3`, `dropout:rate=0.1..0.5 x5`, `l2:l2@0,2=1e-4,1e-3`, checked against the study's variants. */
export function parseSweep(text: string, variants: readonly ModelSpec[]): SweepSpec {
  const m = text.trim().match(SWEEP)
  if (!m) throw usage(`Sweep "${text}" is malformed: write VARIANT:PARAM=VALUES, as in l2:l2=1e-5,1e-4,1e-3`)
  const [, variant, rawParam, rawLayers, rawValues] = m
  findVariant(variant, variants)
  const param = rawParam.trim()
  if (!isSweepParam(param)) throw usage(`Unknown sweep parameter "${param}"; parameters: ${Object.keys(SWEEP_PARAMS).join(', ')}`)
  const target: Omit<SweepSpec, 'values'> = { variant, param }
  if (rawLayers !== undefined) target.layers = parseLayers(rawLayers, variant)
  checkTarget(target, variants)
  const sweep: SweepSpec = { ...target, values: parseValues(rawValues, param) }
  checkSweep(sweep, variants)
  return sweep
}
