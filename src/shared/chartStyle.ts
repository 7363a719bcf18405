/** Chart conventions shared by the app's charts and the HTML report, so both read the same way. */
import { PRESETS } from './presets'

/** Run colours, in run order, readable on light and dark backgrounds. */
export const RUN_PALETTE = ['#3b82f6', '#ef4444', '#22c55e', '#f59e0b', '#a855f7', '#06b6d4', '#ec4899', '#84cc16', '#64748b', '#f97316']

/** Accuracy bars per split. */
export const SPLIT_COLORS = { train: '#94a3b8', validation: '#3b82f6', test: '#22c55e' } as const

/** Training series are dashed, validation series solid, in every chart. */
export const TRAINING_DASH = [5, 4]

/** The seed preset's variants keep these palette places, whatever else is shown beside them. */
const PRESET_NAMES = PRESETS.seed.map((s) => s.name)

/**
 * Colours for runs shown together, chosen by name so that hiding one run mostly leaves the others
 * alone: the seed variants have fixed colours; other names get one derived from the name; a run whose
 * colour is already taken (a second run of a name, two names with the same hash) gets the next free
 * one, and only such runs can change colour when another is hidden.
 */
export function runColors(names: readonly string[]): string[] {
  const taken = new Set<number>()
  return names.map((name) => {
    const preset = PRESET_NAMES.indexOf(name)
    const preferred = preset >= 0 ? preset : PRESET_NAMES.length + (nameHash(name) % (RUN_PALETTE.length - PRESET_NAMES.length))
    let place = preferred
    for (let step = 1; taken.has(place) && step < RUN_PALETTE.length; step++) place = (preferred + step) % RUN_PALETTE.length
    taken.add(place)
    return RUN_PALETTE[place]
  })
}

function nameHash(name: string): number {
  let h = 0
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0
  return h
}
