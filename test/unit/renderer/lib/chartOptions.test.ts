import { describe, expect, it } from 'vitest'
import { accuracyFloor, meanCurveOptions, percentTick, runCurveOptions, variantBarOptions } from '../../../../src/renderer/src/lib/chartOptions'

describe('accuracyFloor', () => {
  it('starts bars 5 points under the lowest value, on a 10% step, never below 0', () => {
    expect(accuracyFloor([0.91, 0.88, null])).toBe(0.8)
    expect(accuracyFloor([0.03])).toBe(0)
    expect(accuracyFloor([])).toBe(0)
  })
})

describe('runCurveOptions', () => {
  it('has the loss and accuracy axes the run curves refer to; a running run\'s x axis spans its planned epochs from 0', () => {
    const scales = runCurveOptions({ planned: 10 }).scales ?? {}
    expect(Object.keys(scales).sort()).toEqual(['accuracy', 'loss', 'x'])
    expect(scales.x).toMatchObject({ min: 0, suggestedMax: 10 })
    expect(scales.x).not.toHaveProperty('max')
  })

  it('ends an ended run\'s axis where its curves stop, so a run cancelled early is not a few dots at the left', () => {
    expect(runCurveOptions({ planned: 50, endedAt: 1.4 }).scales?.x).toMatchObject({ min: 0, max: 2 })
    expect(runCurveOptions({ planned: 50, endedAt: 3 }).scales?.x).toMatchObject({ max: 3 })
    expect(runCurveOptions({ planned: 50, endedAt: 0 }).scales?.x).toMatchObject({ max: 1 })
  })

  it('hands the kept epoch to the marker plugin, and nothing without one', () => {
    expect(runCurveOptions({ planned: 5, kept: { epoch: 3, label: 'kept: epoch 3' } }).plugins?.studioKeptEpoch).toEqual({ epoch: 3, label: 'kept: epoch 3' })
    expect(runCurveOptions({ planned: 5 }).plugins?.studioKeptEpoch).toBeNull()
  })
})

describe('percentTick', () => {
  const ticks = (...values: number[]) => values.map((value) => ({ value }))
  it('gives as many decimals as the spacing of the ticks needs', () => {
    expect(percentTick(0.8, 0, ticks(0.7, 0.8, 0.9))).toBe('80%')
    expect(percentTick(0.802, 1, ticks(0.8, 0.802, 0.804))).toBe('80.2%')
    expect(percentTick(0.8005, 1, ticks(0.8, 0.8005))).toBe('80.05%')
    expect(percentTick(0.85, 0, ticks(0.85))).toBe('85%')
  })
})

describe('meanCurveOptions', () => {
  it('keeps band edges out of the legend and tooltips, and says how many runs a mean is of', () => {
    const options = meanCurveOptions('accuracy', true)
    const datasets = [{ label: 'a +1 std', bandEdge: true }, { label: 'a', runs: [3, 2] }]
    const filter = options.plugins?.legend?.labels?.filter as (item: { datasetIndex: number }, data: { datasets: unknown[] }) => boolean
    expect(filter({ datasetIndex: 0 }, { datasets })).toBe(false)
    expect(filter({ datasetIndex: 1 }, { datasets })).toBe(true)
    const tooltip = options.plugins?.tooltip as unknown as {
      filter: (item: { dataset: unknown }) => boolean
      callbacks: { afterLabel: (item: { dataset: unknown; dataIndex: number }) => string }
    }
    expect(tooltip.filter({ dataset: datasets[0] })).toBe(false)
    expect(tooltip.callbacks.afterLabel({ dataset: datasets[1], dataIndex: 1 })).toBe('mean of 2 runs')
  })
})

describe('variantBarOptions', () => {
  it('starts at the given floor, without a legend (the labels name the variants)', () => {
    const options = variantBarOptions(0.85)
    expect(options.scales?.y?.min).toBe(0.85)
    expect(options.plugins?.legend?.display).toBe(false)
  })
})
