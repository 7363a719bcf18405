/** The parameters a sweep can vary, and how each one is spaced, rounded and ranked. */

export type SweepParam = 'l2' | 'l1' | 'rate' | 'patience' | 'epochs'

/** One sweep: a variant of the study, one of its parameters, and the values to train it with. */
export interface SweepSpec {
  variant: string
  param: SweepParam
  values: number[]
  /**
   * Only for l1/l2: indexes into the variant's `layers` array (as in spec paths, `layers[0]` is the
   * first hidden layer), each a Dense layer. Absent: the variant's regularized Dense layers.
   */
  layers?: number[]
}

export interface ParamInfo {
  /** Shown in tables and axis titles. */
  label: string
  /**
   * Strengths act multiplicatively, so their ranges are spaced evenly in log and drawn on a log axis;
   * rate, patience and epochs act additively and are spaced linearly.
   */
  scale: 'log' | 'linear'
  /** Patience and epochs are whole numbers: range values are rounded and de-duplicated. */
  integer: boolean
  /** Which way is more regularization, to break ties towards it: larger strengths and rates, fewer epochs. */
  stronger: 'larger' | 'smaller'
  /** Smallest accepted value. */
  min: number
}

export const SWEEP_PARAMS: Readonly<Record<SweepParam, ParamInfo>> = Object.freeze({
  l2: { label: 'L2 strength', scale: 'log', integer: false, stronger: 'larger', min: 0 },
  l1: { label: 'L1 strength', scale: 'log', integer: false, stronger: 'larger', min: 0 },
  rate: { label: 'Dropout rate', scale: 'linear', integer: false, stronger: 'larger', min: 0 },
  patience: { label: 'Early-stopping patience', scale: 'linear', integer: true, stronger: 'smaller', min: 0 },
  epochs: { label: 'Epochs', scale: 'linear', integer: true, stronger: 'smaller', min: 1 }
})

export function isSweepParam(name: string): name is SweepParam {
  return Object.hasOwn(SWEEP_PARAMS, name)
}

/** A sweep generates at most this many variants: each one is trained once per repeat. */
export const MAX_SWEEP_VALUES = 50
