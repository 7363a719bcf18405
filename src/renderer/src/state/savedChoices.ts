/**
 * What a window keeps across reloads, in localStorage under the host's workspace: the dataset it
 * chose and the study being edited. Stored text is checked on the way back in, since another
 * version of the app (or a hand edit) may have written it; anything odd is ignored.
 */
import type { ModelSpec } from '../../../shared/spec'

export interface SavedChoices {
  datasetId?: string
  variants?: ModelSpec[]
}

export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>

const PREFIX = 'regstudio.choices:'

/** The page's localStorage, or null where there is none (tests under Node, storage disabled). */
export function browserStorage(): ChoiceStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function loadChoices(storage: ChoiceStorage | null, workspace: string): SavedChoices {
  let value: unknown
  try {
    value = JSON.parse(storage?.getItem(PREFIX + workspace) ?? 'null')
  } catch {
    return {}
  }
  if (typeof value !== 'object' || value === null) return {}
  const { datasetId, variants } = value as Record<string, unknown>
  const choices: SavedChoices = {}
  if (typeof datasetId === 'string') choices.datasetId = datasetId
  if (Array.isArray(variants) && variants.length > 0 && variants.every(isVariantShape)) choices.variants = variants
  return choices
}

/**
 * Writes the given choices over the saved ones, keeping the others: a tab that only picks another
 * dataset must not overwrite the study another tab is editing with its own older copy.
 */
export function saveChoices(storage: ChoiceStorage | null, workspace: string, choices: SavedChoices): void {
  try {
    storage?.setItem(PREFIX + workspace, JSON.stringify({ ...loadChoices(storage, workspace), ...choices }))
  } catch {
    // A full or refused storage loses the choices on reload, nothing more.
  }
}

/**
 * The shape the editors rely on; the values may still be invalid (an edit in progress), which the
 * Model view shows as it does for any edit.
 */
function isVariantShape(v: unknown): v is ModelSpec {
  if (typeof v !== 'object' || v === null) return false
  const spec = v as Record<string, unknown>
  const optimizer = spec.optimizer as Record<string, unknown> | null
  return (
    typeof spec.name === 'string' &&
    Array.isArray(spec.layers) &&
    spec.layers.every((l) => typeof l === 'object' && l !== null && ((l as { type?: unknown }).type === 'dense' || (l as { type?: unknown }).type === 'dropout')) &&
    typeof optimizer === 'object' &&
    optimizer !== null &&
    typeof optimizer.name === 'string'
  )
}
