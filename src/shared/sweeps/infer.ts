/**
 * The sweeps of a set of runs, read back from their variant names (`VARIANT[PARAM=VALUE]`), so a
 * report rebuilt from stored runs (`regstudio report`, the app) finds the sweeps the study ran.
 */
import { isSweepParam, type SweepSpec } from './params'

const SWEPT = /^(.+)\[([a-z0-9]+)=([^\]]+)\]$/

/** Each (variant, parameter) found, with its values in the order first seen; plain names are skipped. */
export function inferSweeps(variantNames: readonly string[]): SweepSpec[] {
  const sweeps = new Map<string, SweepSpec>()
  for (const name of variantNames) {
    const match = SWEPT.exec(name)
    if (!match || !isSweepParam(match[2])) continue
    const value = Number(match[3])
    if (!Number.isFinite(value)) continue
    const key = `${match[1]}\u0000${match[2]}`
    const sweep = sweeps.get(key) ?? { variant: match[1], param: match[2], values: [] }
    if (!sweep.values.includes(value)) sweep.values.push(value)
    sweeps.set(key, sweep)
  }
  return [...sweeps.values()]
}
