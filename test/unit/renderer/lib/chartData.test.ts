import { describe, expect, it } from 'vitest'
import { modelResultOfRun, type StudyModelResult } from '../../../../src/shared/studySummary'
import {
  accuracyBars,
  histogramPoints,
  lastX,
  metricPoints,
  overlaidCurves,
  perClassBars,
  runCurves,
  weightHistograms
} from '../../../../src/renderer/src/lib/chartData'
import { RUN_PALETTE, runColors } from '../../../../src/shared/chartStyle'
import { details, history } from './runFixtures'

function model(id: string, testAccuracy = 0.85): StudyModelResult {
  return modelResultOfRun(details(id, { name: id }, testAccuracy))!
}

describe('metricPoints', () => {
  it('maps epochs to x and skips missing or non-finite values', () => {
    const h = [
      { epoch: 1, loss: 0.5, accuracy: 0.8 },
      { epoch: 2, loss: Number.NaN, accuracy: 0.85, val_loss: 0.4 }
    ]
    expect(metricPoints(h, 'loss')).toEqual([{ x: 1, y: 0.5 }])
    expect(metricPoints(h, 'val_loss')).toEqual([{ x: 2, y: 0.4 }])
  })
})

describe('runCurves', () => {
  it('puts loss on the loss axis and accuracy on the accuracy axis, training dashed', () => {
    const data = runCurves(history(4))
    expect(data.datasets.map((d) => [d.label, d.yAxisID, d.data.length])).toEqual([
      ['train loss', 'loss', 4],
      ['val loss', 'loss', 4],
      ['train accuracy', 'accuracy', 4],
      ['val accuracy', 'accuracy', 4]
    ])
    expect(data.datasets[0].borderDash).toBeDefined()
    expect(data.datasets[1].borderDash).toBeUndefined()
  })

  it('leaves validation series out when the run holds out no validation data', () => {
    expect(runCurves(history(3, false)).datasets.map((d) => d.label)).toEqual(['train loss', 'train accuracy'])
  })

  it('draws training curves from the batches where seen, the logged epoch value elsewhere, in x order', () => {
    const batches = [
      { x: 1.5, loss: 0.6, accuracy: 0.71 },
      { x: 2, loss: 0.55, accuracy: 0.72 },
      { x: 2.4, loss: 0.5, accuracy: 0.73 }
    ]
    const data = runCurves(history(2), batches)
    expect(data.datasets[0].data).toEqual([{ x: 1, y: 1 }, { x: 1.5, y: 0.6 }, { x: 2, y: 0.55 }, { x: 2.4, y: 0.5 }])
    expect(data.datasets[2].data.map((p) => p.y)).toEqual([0.7, 0.71, 0.72, 0.73])
    // A running curve is a line; validation's few epochs are markers, and nothing is cut at the plot's edge.
    expect(data.datasets[0].pointRadius).toBe(0)
    expect(data.datasets[1].pointRadius).toBeGreaterThan(0)
    expect(data.datasets.every((d) => d.clip === 6)).toBe(true)
    expect(lastX(data)).toBe(2.4)
  })

  it('shows a lone first point as a marker rather than nothing', () => {
    const data = runCurves([], [{ x: 0.1, loss: 2, accuracy: 0.2 }])
    expect(data.datasets[0].pointRadius).toBeGreaterThan(0)
    expect(lastX(runCurves([]))).toBe(0)
  })
})

describe('overlaidCurves', () => {
  const series = [
    { name: 'baseline', history: history(5) },
    { name: 'novalidation', history: history(5, false) }
  ]

  it('draws one validation curve per run in the run colour, and a training curve for a run without validation', () => {
    const data = overlaidCurves(series, 'loss', false)
    expect(data.datasets.map((d) => d.label)).toEqual(['baseline', 'novalidation (train)'])
    expect(data.datasets.map((d) => d.borderColor)).toEqual(runColors(['baseline', 'novalidation']))
    expect(data.datasets[0].data[4]).toEqual({ x: 5, y: series[0].history[4].val_loss })
  })

  it('adds dashed training curves when asked', () => {
    const data = overlaidCurves(series, 'accuracy', true)
    expect(data.datasets.map((d) => d.label)).toEqual(['baseline', 'baseline (train)', 'novalidation (train)'])
    expect(data.datasets[1].data[0].y).toBe(series[0].history[0].accuracy)
  })

  it('shapes 5 runs x 100 epochs into one series per run and split, a point per epoch', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ name: `v${i}`, history: history(100) }))
    const data = overlaidCurves(many, 'loss', true)
    expect(data.datasets).toHaveLength(10)
    expect(data.datasets.every((d) => d.data.length === 100)).toBe(true)
  })
})

describe('accuracyBars', () => {
  it('has train, validation and test bars and labels each run with its gap', () => {
    const m = model('baseline', 0.85)
    const data = accuracyBars([m])
    expect(data.datasets.map((d) => d.label)).toEqual(['train', 'validation', 'test'])
    expect(data.datasets[0].data).toEqual([0.9])
    expect(data.datasets[1].data).toEqual([m.valAccuracy])
    expect(data.datasets[2].data).toEqual([0.85])
    expect(data.labels).toEqual([['baseline', 'gap 5.0 pts']])
  })
})

describe('perClassBars', () => {
  it('has the dataset\'s short class names and one dataset per run', () => {
    const data = perClassBars([model('a'), model('b')], ['T-shirt/top', 'a very long class name', 'c'])
    expect(data.labels).toEqual(['T-shirt', 'a very …', 'c'])
    expect(data.datasets.map((d) => d.label)).toEqual(['a', 'b'])
    expect(data.datasets[1].data[0]).toBe(0.9)
  })
})

describe('histogramPoints', () => {
  it('puts each share at its bin centre', () => {
    expect(histogramPoints({ min: -1, max: 1, counts: [1, 3] })).toEqual([
      { x: -0.5, y: 0.25 },
      { x: 0.5, y: 0.75 }
    ])
    expect(histogramPoints({ min: 0, max: 0, counts: [0] })).toEqual([{ x: 0, y: 0 }])
  })
})

describe('runColors', () => {
  it('keeps each run its colour when another is hidden: seed variants fixed, other names by name', () => {
    const all = runColors(['baseline', 'dropout', 'l2', 'l1', 'earlystopping', 'wide'])
    expect(all.slice(0, 5)).toEqual(RUN_PALETTE.slice(0, 5))
    expect(runColors(['baseline', 'l2', 'l1', 'earlystopping', 'wide'])).toEqual([all[0], ...all.slice(2)])
    expect(RUN_PALETTE.slice(5)).toContain(all[5])
  })

  it('gives a second run of the same name a colour of its own', () => {
    const [first, second] = runColors(['baseline', 'baseline'])
    expect(first).toBe(RUN_PALETTE[0])
    expect(second).not.toBe(first)
    expect(new Set(runColors(Array.from({ length: 10 }, () => 'same'))).size).toBe(10)
  })
})

describe('weightHistograms', () => {
  it('makes one chart per layer position with every run overlaid and its near-zero share', () => {
    const a = model('baseline')
    const b = model('l1')
    b.evaluation = { ...b.evaluation, weights: b.evaluation.weights.map((w) => ({ ...w, nearZero: 0.4 })) }
    const charts = weightHistograms([a, b])
    expect(charts.map((c) => c.title)).toEqual(['Layer 1: 784 × 512', 'Layer 2: 512 × 512', 'Layer 3 (output): 512 × 10'])
    const narrow = model('narrow')
    narrow.evaluation = { ...narrow.evaluation, weights: narrow.evaluation.weights.map((w, i) => (i === 0 ? { ...w, shape: [784, 32] } : w)) }
    expect(weightHistograms([a, narrow])[0].title).toBe('Layer 1')
    expect(charts[0].data.datasets.map((d) => d.label)).toEqual(['baseline', 'l1'])
    expect(charts[0].nearZero).toEqual([
      { name: 'baseline', color: RUN_PALETTE[0], share: 0.01 },
      { name: 'l1', color: RUN_PALETTE[3], share: 0.4 }
    ])
  })
})
