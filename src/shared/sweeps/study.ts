/** The variants of a study that mixes plain preset variants and sweeps. */
import { UserError } from '../errors'
import type { ModelSpec } from '../spec'
import { expandSweep } from './expand'
import type { SweepSpec } from './params'
import { checkSweep } from './parse'

export interface StudyVariantsOptions {
  /**
   * Plain variants to train as they are. Absent: every preset variant when there are no sweeps,
   * none when there are (a sweep study trains what it names, e.g. `--variants baseline`).
   */
  variants?: readonly string[]
  sweeps: readonly SweepSpec[]
}

/** Plain variants in preset order, then each sweep's generated variants in sweep and value order. */
export function studyVariants(presetSpecs: readonly ModelSpec[], opts: StudyVariantsOptions): ModelSpec[] {
  const known = presetSpecs.map((s) => s.name)
  const wanted = opts.variants ?? (opts.sweeps.length === 0 ? known : [])
  for (const name of wanted) {
    if (!known.includes(name)) throw new UserError('usage', `Unknown variant "${name}"; variants: ${known.join(', ')}`)
  }
  const out = presetSpecs.filter((s) => wanted.includes(s.name)).map((s) => structuredClone(s))
  for (const sweep of opts.sweeps) {
    checkSweep(sweep, presetSpecs)
    out.push(...expandSweep(presetSpecs.find((s) => s.name === sweep.variant)!, sweep))
  }
  const seen = new Set<string>()
  for (const spec of out) {
    // Runs, aggregates and reports are keyed by variant name: two variants under one name would merge.
    if (seen.has(spec.name)) throw new UserError('usage', `Variant "${spec.name}" appears twice in the study`)
    seen.add(spec.name)
  }
  return out
}
