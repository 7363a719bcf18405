/**
 * Geometry of the network diagram: a vertical stack of boxes from the 784-pixel input through each
 * layer to the K-way output, with arrows between them and small badges for regularization.
 * Pure numbers, so the SVG component only draws and the layout is tested on its own.
 */
import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'
import type { LayerSpec } from '../../../shared/spec'
import { formatCoefficient, formatThousands } from '../../../shared/format'
import { accepted, formatShape, summarize } from './modelSummary'

export type NodeKind = 'input' | 'dense' | 'dropout' | 'output'

export interface Badge {
  text: string
  kind: 'l1' | 'l2' | 'dropout'
  x: number
  y: number
  width: number
}

export interface DiagramNode {
  kind: NodeKind
  /** Index into spec.layers, -1 for the input. */
  layerIndex: number
  title: string
  /** e.g. "(None, 512)". */
  shape: string
  /** e.g. "401,920 params"; empty for the input. */
  params: string
  badges: Badge[]
  x: number
  y: number
  width: number
  height: number
}

export interface DiagramEdge {
  x1: number
  y1: number
  x2: number
  y2: number
}

export interface DiagramLayout {
  width: number
  height: number
  nodes: DiagramNode[]
  edges: DiagramEdge[]
}

export const DIAGRAM = {
  padding: 12,
  nodeWidth: 280,
  gap: 26,
  heights: { input: 44, dense: 56, output: 56, dropout: 44 } satisfies Record<NodeKind, number>,
  badgeHeight: 16,
  badgePadding: 6,
  /** Average advance of the 10.5px badge font; enough to size a pill without measuring text. */
  badgeCharWidth: 6.2
} as const

/** A value validateSpec refuses shows as "?", like the counts it makes unknown. */
function shown(value: number, valid: boolean): string {
  return valid ? formatCoefficient(value) : '?'
}

function badgeTexts(layer: LayerSpec): { text: string; kind: Badge['kind'] }[] {
  if (layer.type === 'dropout') return [{ text: `rate ${shown(layer.rate, accepted(layer, 'rate'))}`, kind: 'dropout' }]
  const out: { text: string; kind: Badge['kind'] }[] = []
  if (layer.l1) out.push({ text: `L1 ${shown(layer.l1, accepted(layer, 'l1'))}`, kind: 'l1' })
  if (layer.l2) out.push({ text: `L2 ${shown(layer.l2, accepted(layer, 'l2'))}`, kind: 'l2' })
  return out
}

/** Badges sit right-aligned along the box's top edge, straddling it. */
function placeBadges(texts: { text: string; kind: Badge['kind'] }[], x: number, y: number, width: number): Badge[] {
  let right = x + width - 8
  return texts.map(({ text, kind }) => {
    const w = Math.ceil(text.length * DIAGRAM.badgeCharWidth + 2 * DIAGRAM.badgePadding)
    right -= w
    const badge = { text, kind, x: right, y: y - DIAGRAM.badgeHeight / 2, width: w }
    right -= 4
    return badge
  })
}

function isOutput(layer: LayerSpec, index: number, count: number): boolean {
  return index === count - 1 && layer.type === 'dense' && layer.activation === 'softmax'
}

export function layoutDiagram(layers: readonly LayerSpec[]): DiagramLayout {
  const { padding, nodeWidth, gap, heights } = DIAGRAM
  const summary = summarize(layers)
  const nodes: DiagramNode[] = []
  // Leave room above the first box for its badges.
  let y = padding + DIAGRAM.badgeHeight / 2
  const x = padding

  const push = (node: Omit<DiagramNode, 'x' | 'y' | 'width' | 'height' | 'badges'>, texts: { text: string; kind: Badge['kind'] }[]) => {
    const height = heights[node.kind]
    nodes.push({ ...node, x, y, width: nodeWidth, height, badges: placeBadges(texts, x, y, nodeWidth) })
    y += height + gap
  }

  push({ kind: 'input', layerIndex: -1, title: `Input · ${IMAGE_SIDE}×${IMAGE_SIDE} flattened`, shape: formatShape(PIXELS), params: '' }, [])
  summary.rows.forEach((row, i) => {
    const layer = row.layer
    const kind: NodeKind = layer.type === 'dropout' ? 'dropout' : isOutput(layer, i, layers.length) ? 'output' : 'dense'
    const title =
      layer.type === 'dropout'
        ? 'Dropout'
        : `Dense ${accepted(layer, 'units') ? layer.units : '?'} · ${accepted(layer, 'activation') ? layer.activation : '?'}${kind === 'output' ? ' (output)' : ''}`
    const params = row.params === null ? '? params' : `${formatThousands(row.params)} params`
    push({ kind, layerIndex: i, title, shape: formatShape(row.width), params }, badgeTexts(layer))
  })

  const edges: DiagramEdge[] = []
  for (let i = 1; i < nodes.length; i++) {
    const a = nodes[i - 1]
    const b = nodes[i]
    const cx = a.x + a.width / 2
    edges.push({ x1: cx, y1: a.y + a.height, x2: cx, y2: b.y })
  }
  return { width: nodeWidth + 2 * padding, height: y - gap + padding, nodes, edges }
}
