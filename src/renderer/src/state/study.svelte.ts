/**
 * Editing the study's variants (AppState.variants): the variant list, the layer stack of the
 * selected variant, and live validation with each problem mapped to the field it belongs to.
 * The variants are edited in place so the Train view always starts what the user sees.
 */
import { NUM_CLASSES } from '../../../shared/dataset'
import type { DenseLayerSpec, DropoutLayerSpec, EarlyStoppingSpec, LayerSpec, ModelSpec, SpecIssue } from '../../../shared/spec'
import { SPEC_DEFAULTS, validateSpec } from '../../../shared/specValidate'
import { summarize, type ModelSummary } from '../lib/modelSummary'

/** The part of AppState this editor works on. */
export interface StudySource {
  variants: ModelSpec[]
  presets: Record<string, ModelSpec[]>
}

export interface PresetRef {
  preset: string
  /** Index of the variant in that preset. */
  index: number
}

export type Regularizer = 'l1' | 'l2'

export const NEW_DENSE: DenseLayerSpec = { type: 'dense', units: 128, activation: 'relu' }
export const NEW_DROPOUT: DropoutLayerSpec = { type: 'dropout', rate: 0.3 }
export const DEFAULT_EARLY_STOPPING: EarlyStoppingSpec = { monitor: 'val_loss', patience: 3, minDelta: 0, restoreBestWeights: true }

const OUTPUT_LAYER: DenseLayerSpec = { type: 'dense', units: NUM_CLASSES, activation: 'softmax' }

export function blankVariant(name: string): ModelSpec {
  return {
    name,
    layers: [{ type: 'dense', units: 512, activation: 'relu' }, { ...OUTPUT_LAYER }],
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

/** True for the fixed last layer every spec must end with. */
export function isOutputLayer(layer: LayerSpec | undefined): boolean {
  return layer?.type === 'dense' && layer.units === NUM_CLASSES && layer.activation === 'softmax'
}

/** Paths the editor shows beside a field; any other issue goes to the general list. */
const FIELD_PATH =
  /^(name|layers|layers\[\d+\](\.(type|units|activation|l1|l2|rate))?|optimizer(\.(name|learningRate))?|epochs|batchSize|validationSplit|earlyStopping(\.(monitor|patience|minDelta|restoreBestWeights))?|seed|normalize)$/

export function isFieldPath(path: string): boolean {
  return FIELD_PATH.test(path)
}

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
  selected = $state(0)
  /** Where each variant came from, parallel to source.variants; rebuilt from names if they drift apart. */
  private origins = $state<(PresetRef | null)[]>([])
  /** The last variant deleted or reset to its preset, as it was before, so one click can put it back. */
  lastChange = $state.raw<{ action: 'deleted' | 'reset'; spec: ModelSpec; origin: PresetRef | null; index: number } | null>(null)

  // Plain getters over the state, not $derived: the editor outlives the Model view that first
  // creates it, and deriveds made inside a view's mount go stale once that view is gone.
  constructor(private readonly source: StudySource) {
    this.origins = source.variants.map((v) => this.findByName(v.name))
  }

  get variant(): ModelSpec | null {
    return this.source.variants[this.selected] ?? null
  }

  get issues(): SpecIssue[] {
    return this.variant ? variantIssues(this.source.variants, this.selected) : []
  }

  get summary(): ModelSummary {
    return summarize(this.variant?.layers ?? [])
  }

  /** Issues no field shows (e.g. from a spec loaded elsewhere). */
  get otherIssues(): SpecIssue[] {
    return this.issues.filter((i) => !isFieldPath(i.path))
  }

  /** Number of layers before the fixed output layer. */
  get hiddenCount(): number {
    const variant = this.variant
    return variant ? variant.layers.length - (isOutputLayer(variant.layers.at(-1)) ? 1 : 0) : 0
  }

  /** Every preset's variants, for the "add from preset" menu. */
  get presetGroups(): { preset: string; choices: { index: number; name: string }[] }[] {
    return Object.entries(this.source.presets).map(([preset, specs]) => ({
      preset,
      choices: specs.map((spec, index) => ({ index, name: spec.name }))
    }))
  }

  /** e.g. `"l2" of preset "seed"`. */
  presetLabel(ref: PresetRef): string {
    return `"${this.source.presets[ref.preset]?.[ref.index]?.name ?? '?'}" of preset "${ref.preset}"`
  }

  issuesAt(path: string): string[] {
    return this.issues.filter((i) => i.path === path).map((i) => i.message)
  }

  /** Count of problems per variant, for the list. */
  issueCount(index: number): number {
    return variantIssues(this.source.variants, index).length
  }

  originOf(index: number): PresetRef | null {
    if (this.origins.length === this.source.variants.length) return this.origins[index] ?? null
    return this.findByName(this.source.variants[index]?.name)
  }

  select(index: number): void {
    if (index >= 0 && index < this.source.variants.length) this.selected = index
  }

  addFromPreset(ref: PresetRef): void {
    const spec = this.presetSpec(ref)
    if (!spec) return
    this.insert({ ...spec, name: uniqueName(spec.name, this.names()) }, ref)
  }

  addBlank(): void {
    this.insert(blankVariant(uniqueName('variant', this.names())), null)
  }

  duplicate(index: number): void {
    const spec = this.source.variants[index]
    if (!spec) return
    const copy = $state.snapshot(spec) as ModelSpec
    this.insert({ ...copy, name: uniqueName(`${spec.name}`, this.names()) }, this.originOf(index), index + 1)
  }

  rename(index: number, name: string): void {
    const spec = this.source.variants[index]
    if (spec) spec.name = name
  }

  /** The last variant stays: a study needs at least one. */
  remove(index: number): void {
    const spec = this.source.variants[index]
    if (this.source.variants.length <= 1 || !spec) return
    const origins = this.syncedOrigins()
    this.lastChange = { action: 'deleted', spec: $state.snapshot(spec) as ModelSpec, origin: origins[index], index }
    this.source.variants.splice(index, 1)
    origins.splice(index, 1)
    this.origins = origins
    if (this.selected >= this.source.variants.length || this.selected > index) this.selected = Math.max(0, this.selected - 1)
  }

  /**
   * Puts a deleted variant back at its place (renamed if its name was taken meanwhile), or a reset
   * variant's settings back as they were before the reset.
   */
  undo(): void {
    const change = this.lastChange
    if (!change) return
    this.lastChange = null
    if (change.action === 'reset' && change.index < this.source.variants.length) {
      const others = this.names().filter((_, i) => i !== change.index)
      this.source.variants[change.index] = { ...change.spec, name: uniqueName(change.spec.name, others) }
      this.selected = change.index
      return
    }
    const at = Math.min(change.index, this.source.variants.length)
    this.insert({ ...change.spec, name: uniqueName(change.spec.name, this.names()) }, change.origin, at)
  }

  /** Puts the preset's settings back, keeping the variant's current name; undoable when it changed anything. */
  resetToPreset(index: number): void {
    const ref = this.originOf(index)
    const spec = ref && this.presetSpec(ref)
    const current = this.source.variants[index]
    if (!spec || !current) return
    const before = $state.snapshot(current) as ModelSpec
    const after = { ...spec, name: current.name }
    if (JSON.stringify(after) === JSON.stringify(before)) return
    this.source.variants[index] = after
    this.lastChange = { action: 'reset', spec: before, origin: ref, index }
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

  private names(): string[] {
    return this.source.variants.map((v) => v.name)
  }

  private insert(spec: ModelSpec, origin: PresetRef | null, at = this.source.variants.length): void {
    // A reset's undo finds its variant by place, which an insert moves.
    if (this.lastChange?.action === 'reset') this.lastChange = null
    const origins = this.syncedOrigins()
    this.source.variants.splice(at, 0, spec)
    origins.splice(at, 0, origin)
    this.origins = origins
    this.selected = at
  }

  private syncedOrigins(): (PresetRef | null)[] {
    return this.source.variants.map((_, i) => this.originOf(i))
  }

  private presetSpec(ref: PresetRef): ModelSpec | null {
    const spec = this.source.presets[ref.preset]?.[ref.index]
    return spec ? structuredClone($state.snapshot(spec) as ModelSpec) : null
  }

  private findByName(name: unknown): PresetRef | null {
    for (const [preset, specs] of Object.entries(this.source.presets)) {
      const index = specs.findIndex((s) => s.name === name)
      if (index >= 0) return { preset, index }
    }
    return null
  }
}

const editors = new WeakMap<StudySource, StudyEditor>()

/** One editor per app, so the selection and origins survive switching views. */
export function studyEditorFor(source: StudySource): StudyEditor {
  let editor = editors.get(source)
  if (!editor) {
    editor = new StudyEditor(source)
    editors.set(source, editor)
  }
  return editor
}
