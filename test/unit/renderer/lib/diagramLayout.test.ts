import { describe, expect, it } from 'vitest'
import { PRESETS } from '../../../../src/shared/presets'
import { DIAGRAM, layoutDiagram } from '../../../../src/renderer/src/lib/diagramLayout'

describe('layoutDiagram', () => {
  it('stacks input, each layer and the output with their shapes and counts', () => {
    const d = layoutDiagram(PRESETS.seed[1].layers)
    expect(d.nodes.map((n) => n.kind)).toEqual(['input', 'dense', 'dropout', 'dense', 'dropout', 'output'])
    expect(d.nodes.map((n) => n.layerIndex)).toEqual([-1, 0, 1, 2, 3, 4])
    expect(d.nodes[0].shape).toBe('(None, 784)')
    expect(d.nodes[1]).toMatchObject({ title: 'Dense 512 · relu', shape: '(None, 512)', params: '401,920 params' })
    expect(d.nodes[2]).toMatchObject({ title: 'Dropout', params: '0 params' })
    expect(d.nodes[5]).toMatchObject({ title: 'Dense 10 · softmax (output)', shape: '(None, 10)', params: '5,130 params' })
  })

  it('badges dropout rates and L1/L2 factors', () => {
    expect(layoutDiagram(PRESETS.seed[1].layers).nodes[2].badges.map((b) => b.text)).toEqual(['rate 0.3'])
    expect(layoutDiagram(PRESETS.seed[2].layers).nodes[1].badges.map((b) => [b.kind, b.text])).toEqual([['l2', 'L2 1e-4']])
    const both = layoutDiagram([{ type: 'dense', units: 64, activation: 'tanh', l1: 0.01, l2: 0.001 }, PRESETS.seed[0].layers[2]])
    expect(both.nodes[1].badges.map((b) => b.text)).toEqual(['L1 0.01', 'L2 0.001'])
    expect(layoutDiagram(PRESETS.seed[0].layers).nodes[1].badges).toEqual([])
  })

  it('places boxes top to bottom without overlap, badges inside the box width, and arrows between boxes', () => {
    const d = layoutDiagram(PRESETS.seed[1].layers)
    for (let i = 1; i < d.nodes.length; i++) {
      const a = d.nodes[i - 1]
      const b = d.nodes[i]
      expect(b.y - (a.y + a.height)).toBe(DIAGRAM.gap)
      expect(d.edges[i - 1]).toEqual({ x1: a.x + a.width / 2, y1: a.y + a.height, x2: a.x + a.width / 2, y2: b.y })
    }
    const last = d.nodes.at(-1)!
    expect(d.height).toBe(last.y + last.height + DIAGRAM.padding)
    expect(d.width).toBe(DIAGRAM.nodeWidth + 2 * DIAGRAM.padding)
    for (const n of d.nodes) {
      for (const b of n.badges) {
        expect(b.x).toBeGreaterThan(n.x)
        expect(b.x + b.width).toBeLessThanOrEqual(n.x + n.width)
        expect(b.y).toBeGreaterThanOrEqual(0)
      }
      const xs = n.badges.map((b) => [b.x, b.x + b.width]).sort((p, q) => p[0] - q[0])
      for (let i = 1; i < xs.length; i++) expect(xs[i][0]).toBeGreaterThanOrEqual(xs[i - 1][1])
    }
  })

  it('does not call a last layer the output unless it is Dense 10 softmax', () => {
    const d = layoutDiagram([{ type: 'dense', units: 12, activation: 'relu' }])
    expect(d.nodes.at(-1)?.kind).toBe('dense')
  })

  it('shows refused values as "?", and unknown counts only where a unit count is refused, as the summary does', () => {
    const output = PRESETS.seed[0].layers[2]
    const huge = layoutDiagram([{ type: 'dense', units: 100_000_000, activation: 'relu' }, output])
    expect(huge.nodes[1]).toMatchObject({ title: 'Dense ? · relu', shape: '(None, ?)', params: '? params' })
    expect(huge.nodes[2].params).toBe('? params')
    expect(layoutDiagram([{ type: 'dense', units: 0, activation: 'relu' }, output]).nodes[1].title).toBe('Dense ? · relu')
    const factors = layoutDiagram([{ type: 'dense', units: 64, activation: 'relu', l1: 5, l2: 0.001 }, output])
    expect(factors.nodes[1].badges.map((b) => b.text)).toEqual(['L1 ?', 'L2 0.001'])
    expect(factors.nodes[1].params).toBe('50,240 params')
    expect(factors.nodes[2].params).toBe('650 params')
    const rate = layoutDiagram([{ type: 'dropout', rate: 1.5 }, output])
    expect(rate.nodes[1]).toMatchObject({ shape: '(None, 784)', params: '0 params' })
    expect(rate.nodes[1].badges.map((b) => b.text)).toEqual(['rate ?'])
  })

  it('shows unknown counts as "?" while a field is being edited', () => {
    const d = layoutDiagram([{ type: 'dense', units: Number.NaN, activation: 'relu' }, PRESETS.seed[0].layers[2]])
    expect(d.nodes[1]).toMatchObject({ title: 'Dense ? · relu', shape: '(None, ?)', params: '? params' })
    expect(d.nodes[2].params).toBe('? params')
  })
})
