import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import { AppState } from '../../../../src/renderer/src/state/app.svelte'
import { loadChoices, saveChoices, type ChoiceStorage } from '../../../../src/renderer/src/state/savedChoices'
import { clientOf, untrainableStudio } from '../../../support/studioClient'
import { tinyDataset } from '../../../support/tinyDataset'

/** localStorage's two methods over a Map: Node has no localStorage. */
function memoryStorage(): ChoiceStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) }
}

describe('saved choices', () => {
  it('round-trips the dataset and the variants per workspace, and ignores what does not fit', () => {
    const storage = memoryStorage()
    const variants = structuredClone(PRESETS.seed)
    saveChoices(storage, '/ws/a', { datasetId: 'd1', variants })
    expect(loadChoices(storage, '/ws/a')).toEqual({ datasetId: 'd1', variants })
    expect(loadChoices(storage, '/ws/b')).toEqual({})
    for (const text of ['not json', '[]', '{"datasetId": 3}', '{"variants": [{"name": "x"}]}', '{"variants": []}']) {
      storage.items.set('regstudio.choices:/ws/c', text)
      expect(loadChoices(storage, '/ws/c'), text).toEqual({})
    }
    expect(loadChoices(null, '/ws/a')).toEqual({})
  })

  it('keeps the saved study when another tab saves only its dataset choice', () => {
    const storage = memoryStorage()
    const edited = structuredClone(PRESETS.seed).map((v, i) => (i === 0 ? { ...v, name: 'edited' } : v))
    saveChoices(storage, '/ws', { datasetId: 'd1', variants: edited })
    saveChoices(storage, '/ws', { datasetId: 'd2' })
    expect(loadChoices(storage, '/ws')).toEqual({ datasetId: 'd2', variants: edited })
  })

  it('starts a window on the dataset and the study saved for its workspace, if that dataset still exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'regstudio-choices-'))
    const studio = untrainableStudio(dir)
    try {
      await studio.init()
      const older = await studio.datasets.add(tinyDataset(40, 20))
      const newer = await studio.datasets.add(tinyDataset(60, 20))
      const variants = structuredClone(PRESETS.seed)
      variants[0] = { ...variants[0], name: 'wide', layers: [{ type: 'dense', units: 1024, activation: 'relu' }, variants[0].layers[2]] }
      const storage = memoryStorage()
      // What the page saved before its reload (in the browser an effect writes it on every change).
      saveChoices(storage, dir, { datasetId: older.id, variants })
      const reloaded = new AppState(clientOf(studio), storage)
      await reloaded.start()
      expect(reloaded.datasetId).toBe(older.id)
      expect(reloaded.study.variants).toEqual(variants)

      saveChoices(storage, dir, { datasetId: 'deleted-meanwhile' })
      const fresh = new AppState(clientOf(studio), storage)
      await fresh.start()
      expect([older.id, newer.id]).toContain(fresh.datasetId)
      expect(fresh.study.variants).toEqual(variants)
    } finally {
      await studio.dispose()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
