/** The sweep dialog's form (one sweep being added or edited), with its plan derived as the user types. */
import type { ModelSpec } from '../../../shared/spec'
import { formatValue, type SweepParam, type SweepSpec } from '../../../shared/sweeps'
import { planSweep, sweepableParams, sweepNames, SUGGESTED_VALUES, type SweepPlan } from '../lib/sweepPlan'

export class SweepDraft {
  readonly params: SweepParam[]
  param = $state<SweepParam>('epochs')
  valuesText = $state('')
  /** Whether the values were typed, so switching parameters keeps them; suggestions are replaced. */
  private typed = false

  plan = $derived.by<SweepPlan>(() => planSweep(this.base, this.param, this.valuesText, this.taken()))

  /**
   * `base` is the variant swept; `names` the study's variant names; `replacing` the sweep being
   * edited, whose own variants do not count as taken and which opens with its parameter and values.
   */
  constructor(
    readonly base: ModelSpec,
    private readonly names: readonly string[],
    readonly replacing?: SweepSpec
  ) {
    this.params = sweepableParams(base)
    if (replacing) {
      this.param = replacing.param
      this.valuesText = replacing.values.map(formatValue).join(',')
      this.typed = true
    } else {
      this.param = this.params[0] ?? 'epochs'
      this.valuesText = SUGGESTED_VALUES[this.param]
    }
  }

  setParam(param: SweepParam): void {
    this.param = param
    if (!this.typed) this.valuesText = SUGGESTED_VALUES[param]
  }

  setValues(text: string): void {
    this.valuesText = text
    this.typed = true
  }

  private taken(): string[] {
    const own = new Set(this.replacing ? sweepNames(this.replacing) : [])
    return this.names.filter((n) => !own.has(n))
  }
}
