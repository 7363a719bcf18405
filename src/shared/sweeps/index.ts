/** Sweeps: one variant, one parameter, a list or range of values (issue 13). Pure: main and renderer use it. */
export { isSweepParam, MAX_SWEEP_VALUES, SWEEP_PARAMS, type ParamInfo, type SweepParam, type SweepSpec } from './params'
export { formatValue, parseValues, roundValue } from './values'
export { dropoutLayers, strengthLayers } from './layers'
export { expandSweep, sweepVariantName } from './expand'
export { checkSweep, parseSweep } from './parse'
export { studyVariants, type StudyVariantsOptions } from './study'
export {
  bestStrengthRows,
  sweepResults,
  type BestStrengthRow,
  type MetricSummary,
  type SweepPoint,
  type SweepResult,
  type VariantAggregateLike
} from './results'
export { inferSweeps } from './infer'
