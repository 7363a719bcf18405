/**
 * The study being edited (AppState.study): its variants and the presets they come from, the
 * variant list, the layer stack of the selected variant, and live validation with each problem
 * mapped to the field it belongs to. The variants are edited in place so the Train view always
 * starts what the user sees.
 */
import type { DenseLayerSpec, DropoutLayerSpec, EarlyStoppingSpec, LayerSpec, ModelSpec, SpecIssue } from '../../../shared/spec'
import { isSpecFieldPath, SPEC_DEFAULTS, validateSpec } from '../../../shared/specValidate'
import { summarize, type ModelSummary } from '../lib/modelSummary'
import { studySweeps, sweepNames } from '../lib/sweepPlan'
import { getPreset, SWEEP_PRESETS, withOutputUnits } from '../../../shared/presets'
import { studyVariants, type SweepSpec } from '../../../shared/sweeps'

export interface PresetRef {
  preset: string
  /** Index of the variant in that preset. */
  index: number
}

export type Regularizer = 'l1' | 'l2'

export const NEW_DENSE: DenseLayerSpec = { type: 'dense', units: 128, activation: 'relu' }
export const NEW_DROPOUT: DropoutLayerSpec = { type: 'dropout', rate: 0.3 }
export const DEFAULT_EARLY_STOPPING: EarlyStoppingSpec = { monitor: 'val_loss', patience: 3, minDelta: 0, restoreBestWeights: true }

/** A new variant: one hidden layer and the output layer, one unit per class of the dataset (K). */
export function blankVariant(name: string, classes = 10): ModelSpec {
  return {
    name,
    layers: [{ type: 'dense', units: 512, activation: 'relu' }, { type: 'dense', units: classes, activation: 'softmax' }],
    optimizer: { ...SPEC_DEFAULTS.optimizer },
    loss: SPEC_DEFAULTS.loss,
    epochs: 10,
    batchSize: 128,
    validationSplit: SPEC_DEFAULTS.validationSplit,
    seed: SPEC_DEFAULTS.seed,
    normalize: SPEC_DEFAULTS.normalize
  }
}

/** `base` if free, else `base-2`, `base-3`, ... (compared without case, as file systems may). */
export function uniqueName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.trim().toLowerCase()))
  const stem = base.trim() || 'variant'
  if (!used.has(stem.toLowerCase())) return stem
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}`
    if (!used.has(candidate.toLowerCase())) return candidate
  }
}

/** True for the fixed last layer every spec must end with: Dense softmax, its units the dataset's K. */
export function isOutputLayer(layer: LayerSpec | undefined): boolean {
  return layer?.type === 'dense' && layer.activation === 'softmax'
}

/** Paths the editor shows beside a field (from the spec's schema); any other issue goes to the general list. */
export const isFieldPath = isSpecFieldPath

/** Problems of one variant: the spec's own and a name shared with another variant. */
export function variantIssues(variants: readonly ModelSpec[], index: number): SpecIssue[] {
  const spec = variants[index]
  const checked = validateSpec($state.snapshot(spec))
  const issues = checked.ok ? [] : [...checked.issues]
  const name = typeof spec.name === 'string' ? spec.name.trim().toLowerCase() : ''
  if (name && variants.some((v, i) => i !== index && typeof v.name === 'string' && v.name.trim().toLowerCase() === name)) {
    issues.push({ path: 'name', message: `another variant is also named "${spec.name.trim()}" (runs and reports are named after variants)` })
  }
  return issues
}

export class StudyEditor {
  /** The variants of the study, deep state: the editor's fields bind straight to them. */
  variants = $state<ModelSpec[]>([])
  presets = $state.raw<Record<string, ModelSpec[]>>({})
  selected = $state(0)
  /** K of the current dataset: the units of every variant's output layer. */
  classes = $state(10)
  /** Where each variant came from, parallel to variants; rebuilt from names if they drift apart. */
  private origins = $state<(PresetRef | null)[]>([])
  /** The last variant deleted or reset to its preset, as it was before, so one click can put it back. */
  lastChange = $state.raw<{ action: 'deleted' | 'reset'; spec: ModelSpec; origin: PresetRef | null; index: number } | null>(null)

  /** Each variant's problems, validated once per change rather than on every field read. */
  issuesByVariant = $derived(this.variants.map((_, i) => variantIssues(this.variants, i)))
  variant = $derived<ModelSpec | null>(this.variants[this.selected] ?? null)
  issues = $derived<SpecIssue[]>(this.issuesByVariant[this.selected] ?? [])
  summary = $derived<ModelSummary>(summarize(this.variant?.layers ?? []))
  /** Issues no field shows (e.g. from a spec loaded elsewhere). */
  otherIssues = $derived(this.issues.filter((i) => !isFieldPath(i.path)))
  /** Number of layers before the fixed output layer. */
  hiddenCount = $derived(this.variant ? this.variant.layers.length - (isOutputLayer(this.variant.layers.at(-1)) ? 1 : 0) : 0)
  /** The sweeps in the study, read from its generated variants' names `VARIANT[PARAM=VALUE]`. */
  sweeps = $derived<SweepSpec[]>(studySweeps(this.variants))
  /** Every preset's variants, for the "add from preset" menu. */
  presetGroups = $derived(
    Object.entries(this.presets).map(([preset, specs]) => ({ preset, choices: specs.map((spec, index) => ({ index, name: spec.name })) }))
  )

  constructor(presets: Record<string, ModelSpec[]> = {}, variants: ModelSpec[] = []) {
    this.load(presets, variants)
  }

  /** Starts editing these variants (e.g. the ones saved before a reload), remembering which preset each came from. */
  load(presets: Record<string, ModelSpec[]>, variants: ModelSpec[]): void {
    this.presets = presets
    this.variants = variants
    this.origins = variants.map((v) => this.findByName(v.name))
    this.selected = 0
    this.lastChange = null
  }

  /** Sizes every variant's output layer (and those added later) for a dataset of K classes. */
  setClasses(classes: number): void {
    this.classes = classes
    for (const spec of this.variants) {
      const last = spec.layers.at(-1)
      if (last?.type === 'dense' && isOutputLayer(last) && last.units !== classes) last.units = classes
    }
  }

  /** e.g. `"l2" of preset "seed"`. */
  presetLabel(ref: PresetRef): string {
    return `"${this.presets[ref.preset]?.[ref.index]?.name ?? '?'}" of preset "${ref.preset}"`
  }

  issuesAt(path: string): string[] {
    return this.issues.filter((i) => i.path === path).map((i) => i.message)
  }

  /** Count of problems per variant, for the list. */
  issueCount(index: number): number {
    return this.issuesByVariant[index]?.length ?? 0
  }

  originOf(index: number): PresetRef | null {
    if (this.origins.length === this.variants.length) return this.origins[index] ?? null
    return this.findByName(this.variants[index]?.name)
  }

  select(index: number): void {
    if (index >= 0 && index < this.variants.length) this.selected = index
  }

  addFromPreset(ref: PresetRef): void {
    const spec = this.presetSpec(ref)
    if (!spec) return
    this.insert({ ...spec, name: uniqueName(spec.name, this.names()) }, ref)
  }

  addBlank(): void {
    this.insert(blankVariant(uniqueName('variant', this.names()), this.classes), null)
  }

  duplicate(index: number): void {
    const spec = this.variants[index]
    if (!spec) return
    const copy = $state.snapshot(spec) as ModelSpec
    this.insert({ ...copy, name: uniqueName(`${spec.name}`, this.names()) }, this.originOf(index), index + 1)
  }

  rename(index: number, name: string): void {
    const spec = this.variants[index]
    if (spec) spec.name = name
  }

  /** The last variant stays: a study needs at least one. */
  remove(index: number): void {
    const spec = this.variants[index]
    if (this.variants.length <= 1 || !spec) return
    const origins = this.syncedOrigins()
    this.lastChange = { action: 'deleted', spec: $state.snapshot(spec) as ModelSpec, origin: origins[index], index }
    this.variants.splice(index, 1)
    origins.splice(index, 1)
    this.origins = origins
    if (this.selected >= this.variants.length || this.selected > index) this.selected = Math.max(0, this.selected - 1)
  }

  /**
   * Puts a deleted variant back at its place (renamed if its name was taken meanwhile), or a reset
   * variant's settings back as they were before the reset.
   */
  undo(): void {
    const change = this.lastChange
    if (!change) return
    this.lastChange = null
    if (change.action === 'reset' && change.index < this.variants.length) {
      const others = this.names().filter((_, i) => i !== change.index)
      this.variants[change.index] = { ...change.spec, name: uniqueName(change.spec.name, others) }
      this.selected = change.index
      return
    }
    const at = Math.min(change.index, this.variants.length)
    this.insert({ ...change.spec, name: uniqueName(change.spec.name, this.names()) }, change.origin, at)
  }

  /** Puts the preset's settings back, keeping the variant's current name; undoable when it changed anything. */
  resetToPreset(index: number): void {
    const ref = this.originOf(index)
    const spec = ref && this.presetSpec(ref)
    const current = this.variants[index]
    if (!spec || !current) return
    const before = $state.snapshot(current) as ModelSpec
    const after = { ...spec, name: current.name }
    if (JSON.stringify(after) === JSON.stringify(before)) return
    this.variants[index] = after
    this.lastChange = { action: 'reset', spec: before, origin: ref, index }
  }

  /**
   * The variant a sweep varies: the study's variant of that name, else the preset's (a sweep preset
   * trains only the generated variants, not the variant they come from).
   */
  sweepBase(name: string): ModelSpec | null {
    const own = this.variants.find((v) => v.name === name)
    if (own) return $state.snapshot(own) as ModelSpec
    const ref = this.findByName(name)
    return ref && this.presetSpec(ref)
  }

  /**
   * Adds a sweep's generated variants after its base variant (or at the end), replacing the
   * variants of `replacing` when the sweep was edited; the first one is selected.
   */
  applySweep(baseName: string, specs: readonly ModelSpec[], replacing?: SweepSpec): void {
    if (specs.length === 0) return
    if (replacing) this.removeNames(sweepNames(replacing))
    const base = this.variants.findIndex((v) => v.name === baseName)
    let at = base >= 0 ? base + 1 : this.variants.length
    // After the base's other sweeps, so each sweep's variants stay together.
    while (base >= 0 && at < this.variants.length && this.variants[at].name.startsWith(`${baseName}[`)) at++
    const first = at
    for (const spec of specs) this.insert(structuredClone(spec), null, at++)
    this.selected = first
  }

  /** Deletes a sweep's generated variants; a study keeps at least one variant. */
  removeSweep(sweep: SweepSpec): void {
    this.removeNames(sweepNames(sweep))
  }

  /** Replaces the study with a sweep preset's plain variants and generated ones (its epochs applied). */
  loadSweepPreset(key: string): void {
    const preset = SWEEP_PRESETS[key]
    if (!preset) return
    const specs = studyVariants(getPreset(preset.from), { variants: preset.variants, sweeps: preset.sweeps }).map((s) =>
      withOutputUnits({ ...s, epochs: preset.epochs }, this.classes)
    )
    this.load(this.presets, specs)
  }

  addLayer(kind: 'dense' | 'dropout'): void {
    const spec = this.variant
    if (!spec) return
    spec.layers.splice(this.hiddenCount, 0, kind === 'dense' ? { ...NEW_DENSE } : { ...NEW_DROPOUT })
  }

  removeLayer(layerIndex: number): void {
    if (this.variant && layerIndex >= 0 && layerIndex < this.hiddenCount) this.variant.layers.splice(layerIndex, 1)
  }

  /** Moves a hidden layer up (-1) or down (+1); the output layer stays last. */
  moveLayer(layerIndex: number, delta: -1 | 1): void {
    const spec = this.variant
    const target = layerIndex + delta
    if (!spec || layerIndex < 0 || layerIndex >= this.hiddenCount || target < 0 || target >= this.hiddenCount) return
    const [layer] = spec.layers.splice(layerIndex, 1)
    spec.layers.splice(target, 0, layer)
  }

  /** An empty field means no regularizer (the key is removed, as in the presets). */
  setRegularizer(layerIndex: number, which: Regularizer, value: number | null | undefined): void {
    const layer = this.variant?.layers[layerIndex]
    if (layer?.type !== 'dense') return
    if (value === null || value === undefined || Number.isNaN(value)) delete layer[which]
    else layer[which] = value
  }

  setEarlyStopping(on: boolean): void {
    const spec = this.variant
    if (!spec) return
    if (on && !spec.earlyStopping) spec.earlyStopping = { ...DEFAULT_EARLY_STOPPING }
    else if (!on) delete spec.earlyStopping
  }

  private removeNames(names: readonly string[]): void {
    const gone = new Set(names)
    const origins = this.syncedOrigins()
    const keep = this.variants.map((v) => !gone.has(v.name))
    if (!keep.includes(true)) return
    // An undo finds its variant by place, which this moves.
    this.lastChange = null
    const selectedName = this.variant?.name
    this.variants = this.variants.filter((_, i) => keep[i])
    this.origins = origins.filter((_, i) => keep[i])
    this.selected = Math.max(0, this.variants.findIndex((v) => v.name === selectedName))
  }

  private names(): string[] {
    return this.variants.map((v) => v.name)
  }

  private insert(spec: ModelSpec, origin: PresetRef | null, at = this.variants.length): void {
    // A reset's undo finds its variant by place, which an insert moves.
    if (this.lastChange?.action === 'reset') this.lastChange = null
    const origins = this.syncedOrigins()
    this.variants.splice(at, 0, spec)
    origins.splice(at, 0, origin)
    this.origins = origins
    this.selected = at
  }

  private syncedOrigins(): (PresetRef | null)[] {
    return this.variants.map((_, i) => this.originOf(i))
  }

  private presetSpec(ref: PresetRef): ModelSpec | null {
    const spec = this.presets[ref.preset]?.[ref.index]
    return spec ? withOutputUnits(structuredClone($state.snapshot(spec) as ModelSpec), this.classes) : null
  }

  private findByName(name: unknown): PresetRef | null {
    for (const [preset, specs] of Object.entries(this.presets)) {
      const index = specs.findIndex((s) => s.name === name)
      if (index >= 0) return { preset, index }
    }
    return null
  }
}
