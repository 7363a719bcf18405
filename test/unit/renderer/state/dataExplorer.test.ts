import { describe, expect, it } from 'vitest'
import type { RequestInput, RequestName, Results, StudioClient } from '../../../../src/shared/api'
import { PIXELS } from '../../../../src/shared/dataset'
import type { Dataset, ImageSet } from '../../../../src/main/core/datasets/types'
import { computeStatistics, sampleImages } from '../../../../src/main/core/studio/datasetStatistics'
import { DataState } from '../../../../src/renderer/src/state/data.svelte'
import { DataExplorer, PAGE_SIZE } from '../../../../src/renderer/src/state/dataExplorer.svelte'
import { numberedClassNames } from '../../../../src/shared/classNames'

/** n images whose pixels encode their index; labels cycle through `classes`. */
function imageSet(count: number, classes: number): ImageSet {
  const images = new Uint8Array(count * PIXELS)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    labels[i] = i % classes
    images.fill(i % 256, i * PIXELS, (i + 1) * PIXELS)
  }
  return { count, images, labels }
}

const dataset: Dataset = {
  source: { kind: 'csv', description: 'test', files: [] },
  // Class 9 has no training image.
  train: imageSet(153, 9),
  test: imageSet(30, 10),
  classNames: numberedClassNames(10),
  warnings: []
}

/**
 * The host's real statistics and sampling code behind the client interface; `delays` holds one
 * delay (ms) per upcoming samples request, so tests can make answers arrive out of order.
 */
function coreClient(delays: number[] = [], fail = false): StudioClient & { calls: RequestName[] } {
  const calls: RequestName[] = []
  return {
    calls,
    async request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Results[N]> {
      calls.push(name)
      if (fail) throw new Error('datasets/abc: not found')
      if (name === 'datasets.statistics') return computeStatistics(dataset) as Results[N]
      if (name === 'datasets.samples') {
        const { split, offset, limit, label } = input as RequestInput<'datasets.samples'>
        await new Promise((r) => setTimeout(r, delays.shift() ?? 0))
        return sampleImages(dataset, split, offset, limit, label) as Results[N]
      }
      throw new Error(`unexpected request ${name}`)
    },
    onEvent: () => () => {}
  }
}

describe('DataExplorer', () => {
  it('loads statistics, the first image of each class and the first page', async () => {
    const explorer = new DataExplorer(coreClient(), 'd1')
    await explorer.load()
    expect(explorer.statistics?.firstOfClass).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, -1])
    expect(explorer.firstOfClass.slice(0, 9).map((img) => [img?.label, img?.index, img?.pixels[0]])).toEqual(
      Array.from({ length: 9 }, (_, c) => [c, c, c])
    )
    expect(explorer.firstOfClass[9]).toBeNull()
    expect(explorer.total).toBe(153)
    expect(explorer.pageCount).toBe(3)
    expect(explorer.images).toHaveLength(PAGE_SIZE)
    expect(explorer.images[5]).toMatchObject({ split: 'train', index: 5, label: 5 })
    expect(explorer.loadingPage).toBe(false)
  })

  it('asks for the statistics only once per dataset', async () => {
    const client = coreClient()
    const explorer = new DataExplorer(client, 'd1')
    await explorer.load()
    await explorer.load()
    expect(client.calls.filter((c) => c === 'datasets.statistics')).toHaveLength(1)
  })

  it('pages, clamps the page number, and filters by class and split from the first page', async () => {
    const explorer = new DataExplorer(coreClient(), 'd1')
    await explorer.load()
    await explorer.goToPage(2)
    expect(explorer.images.map((i) => i.index)).toEqual(Array.from({ length: 33 }, (_, k) => 120 + k))
    await explorer.goToPage(99)
    expect(explorer.page).toBe(2)
    await explorer.showLabel(3)
    expect(explorer.page).toBe(0)
    expect(explorer.total).toBe(17)
    expect(explorer.images.every((i) => i.label === 3)).toBe(true)
    expect(explorer.images[1].pixels[0]).toBe(12)
    await explorer.showSplit('test')
    expect(explorer.total).toBe(3)
    expect(explorer.images.map((i) => [i.split, i.index])).toEqual([
      ['test', 3],
      ['test', 13],
      ['test', 23]
    ])
    await explorer.showLabel(null)
    expect(explorer.total).toBe(30)
  })

  it('ignores a page that is not a number, as an emptied page field gives', async () => {
    const client = coreClient()
    const explorer = new DataExplorer(client, 'd1')
    await explorer.load()
    await explorer.goToPage(1)
    const requests = client.calls.length
    await explorer.goToPage(Number.NaN)
    expect(client.calls).toHaveLength(requests)
    expect(explorer.page).toBe(1)
    expect(explorer.images[0].index).toBe(60)
    expect(explorer.error).toBeNull()
  })

  it('keeps the newest page when an older answer arrives last', async () => {
    const explorer = new DataExplorer(coreClient([0, 80, 0]), 'd1')
    await explorer.load()
    const slow = explorer.goToPage(1)
    const fast = explorer.goToPage(2)
    await Promise.all([slow, fast])
    expect(explorer.page).toBe(2)
    expect(explorer.images[0].index).toBe(120)
    expect(explorer.loadingPage).toBe(false)
  })

  it('shows the host error as the message', async () => {
    const explorer = new DataExplorer(coreClient([], true), 'd1')
    await explorer.load()
    expect(explorer.error).toBe('datasets/abc: not found')
  })

  it('keeps one explorer per app and dataset', () => {
    const data = dataState(coreClient())
    expect(data.explorerOf('a')).toBe(data.explorerOf('a'))
    expect(data.explorerOf('b')).not.toBe(data.explorerOf('a'))
    expect(dataState(coreClient()).explorerOf('a')).not.toBe(data.explorerOf('a'))
  })
})

function dataState(client: StudioClient): DataState {
  return new DataState(client, { upload: () => Promise.reject(new Error('no uploads here')), onImported: () => {} })
}
