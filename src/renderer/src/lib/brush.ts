/**
 * The try-it brush: strokes drawn on the 28×28 grid itself, as soft white dots on black, so a drawing
 * looks like the dataset's images (anti-aliased strokes about two to three pixels wide, not a hard
 * 1-pixel line scaled up). Pure, so the drawing is the same in the panel and in tests.
 */
import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'

/** A point in grid units: 0..28 from the top-left corner. */
export interface GridPoint {
  x: number
  y: number
}

export interface Stroke {
  points: GridPoint[]
  /** Brush radius in pixels of the 28×28 grid (the dot's Gaussian σ is half of it). */
  radius: number
}

/** Brush sizes offered: a pen for digits, a broad brush for garments. */
export const BRUSH_SIZES = [
  { label: 'Thin', radius: 1.6 },
  { label: 'Medium', radius: 2.4 },
  { label: 'Broad', radius: 4 }
] as const

/** Dots placed along a segment this far apart (pixels): close enough that a stroke has no beads. */
const STEP = 0.25

/** Adds one soft dot at (x, y) to the 0..1 grid, keeping the brighter value where they overlap. */
function stamp(grid: Float32Array, x: number, y: number, radius: number): void {
  const sigma = radius / 2
  const reach = Math.ceil(radius * 1.5)
  const cx = Math.floor(x)
  const cy = Math.floor(y)
  for (let r = Math.max(0, cy - reach); r <= Math.min(IMAGE_SIDE - 1, cy + reach); r++) {
    for (let c = Math.max(0, cx - reach); c <= Math.min(IMAGE_SIDE - 1, cx + reach); c++) {
      // Pixel centres are at +0.5.
      const d2 = (c + 0.5 - x) ** 2 + (r + 0.5 - y) ** 2
      // A flat core then a Gaussian edge: the stroke is fully white in its middle, soft at its sides.
      const v = Math.min(1, 1.6 * Math.exp(-d2 / (2 * sigma * sigma)))
      const i = r * IMAGE_SIDE + c
      if (v > grid[i]) grid[i] = v
    }
  }
}

/** Paints one stroke into the grid. */
export function paintStroke(grid: Float32Array, stroke: Stroke): void {
  const { points, radius } = stroke
  if (points.length === 0) return
  stamp(grid, points[0].x, points[0].y, radius)
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]
    const b = points[k]
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / STEP))
    for (let s = 1; s <= steps; s++) stamp(grid, a.x + ((b.x - a.x) * s) / steps, a.y + ((b.y - a.y) * s) / steps, radius)
  }
}

/** The image to predict: an optional base (a dropped image, 0..255) with the strokes painted over it, as 784 bytes. */
export function renderDrawing(base: Uint8Array | null, strokes: readonly Stroke[]): Uint8Array {
  const grid = new Float32Array(PIXELS)
  if (base) for (let i = 0; i < PIXELS; i++) grid[i] = base[i] / 255
  for (const stroke of strokes) paintStroke(grid, stroke)
  return Uint8Array.from(grid, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
}
