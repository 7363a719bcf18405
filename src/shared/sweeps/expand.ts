/** A sweep turned into model specs: one variant per value, each checked by the spec validator. */
import { UserError } from '../errors'
import type { ModelSpec } from '../spec'
import { formatSpecIssues, validateSpec } from '../specValidate'
import type { SweepSpec } from './params'
import { dropoutLayers, strengthLayers } from './layers'
import { formatValue } from './values'

/** `VARIANT[PARAM=VALUE]`, e.g. `l2[l2=0.0001]`. */
export function sweepVariantName(variant: string, param: string, value: number): string {
  return `${variant}[${param}=${formatValue(value)}]`
}

/** A copy of `base` with the sweep's parameter set to `value`; the copy is not yet validated. */
function withValue(base: ModelSpec, sweep: SweepSpec, value: number): ModelSpec {
  const spec = structuredClone(base)
  spec.name = sweepVariantName(sweep.variant, sweep.param, value)
  switch (sweep.param) {
    case 'l1':
    case 'l2':
      for (const i of strengthLayers(base, sweep)) {
        const layer = spec.layers[i]
        if (layer.type !== 'dense') continue
        // 0 means no penalty; the spec's convention for that is an absent field.
        if (value === 0) delete layer[sweep.param]
        else layer[sweep.param] = value
      }
      break
    case 'rate':
      for (const i of dropoutLayers(base)) {
        const layer = spec.layers[i]
        if (layer.type === 'dropout') layer.rate = value
      }
      break
    case 'patience':
      if (!spec.earlyStopping) throw new UserError('usage', `Sweep of patience: variant "${sweep.variant}" has no early stopping`)
      spec.earlyStopping.patience = value
      break
    case 'epochs':
      spec.epochs = value
      break
  }
  return spec
}

/** One validated variant per value of the sweep, in the order of its values. */
export function expandSweep(base: ModelSpec, sweep: SweepSpec): ModelSpec[] {
  return sweep.values.map((value) => {
    const result = validateSpec(withValue(base, sweep, value))
    if (!result.ok) {
      throw new UserError('usage', `Sweep ${sweep.variant}:${sweep.param} at ${formatValue(value)}: ${formatSpecIssues(result.issues)}`)
    }
    return result.spec
  })
}
