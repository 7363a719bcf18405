/**
 * A photo or scan as one of the dataset's images: 28×28 grayscale, a light object on black, placed
 * the way the dataset placed its own. Pure (RGBA in, 784 bytes out), so tests run it without a browser.
 *
 * 1. Grayscale: luminance, with transparency shown over white.
 * 2. Polarity: the dataset's objects are light on black; when the image's border is mostly light
 *    (a dark digit on paper, a garment on a white background) it is inverted. The border's level is
 *    then taken as black, so grey paper becomes a black background.
 * 3. Crop to the bounding box of the pixels above a fifth of the brightest.
 * 4. Placement, as each dataset did:
 *    - 'fashion' (Fashion-MNIST): longest side scaled to 28, the shorter side centred.
 *    - 'mnist' (MNIST): longest side scaled to 20, then moved so its centre of mass is the image's centre.
 */
import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'

export type Placement = 'fashion' | 'mnist'

export const PLACEMENTS: { value: Placement; label: string }[] = [
  { value: 'fashion', label: 'Fashion-MNIST: fit to 28 px, centred' },
  { value: 'mnist', label: 'MNIST: fit to 20 px, centre of mass' }
]

interface Gray {
  width: number
  height: number
  values: Float32Array
}

function grayscale(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Gray {
  const values = new Float32Array(width * height)
  for (let i = 0; i < values.length; i++) {
    const a = rgba[i * 4 + 3] / 255
    const lum = (0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255
    values[i] = lum * a + (1 - a)
  }
  return { width, height, values }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]
}

/** Light on black, with the background at 0. */
function toLightOnDark(g: Gray): void {
  const border: number[] = []
  for (let x = 0; x < g.width; x++) border.push(g.values[x], g.values[(g.height - 1) * g.width + x])
  for (let y = 0; y < g.height; y++) border.push(g.values[y * g.width], g.values[y * g.width + g.width - 1])
  const invert = median(border) > 0.5
  if (invert) for (let i = 0; i < g.values.length; i++) g.values[i] = 1 - g.values[i]
  const background = invert ? 1 - median(border) : median(border)
  let peak = 0
  for (const v of g.values) peak = Math.max(peak, v)
  // A faint object on grey (a dim photo) spans 0..1 like the data; a blank image stays blank.
  const span = Math.max(0.05, peak - background)
  for (let i = 0; i < g.values.length; i++) g.values[i] = Math.min(1, Math.max(0, (g.values[i] - background) / span))
}

/** The box holding every pixel above a fifth of the brightest; null for a blank image. */
function contentBox(g: Gray): { x0: number; y0: number; x1: number; y1: number } | null {
  let peak = 0
  for (const v of g.values) peak = Math.max(peak, v)
  if (peak <= 0.02) return null
  const threshold = peak / 5
  let x0 = g.width
  let y0 = g.height
  let x1 = -1
  let y1 = -1
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      if (g.values[y * g.width + x] < threshold) continue
      x0 = Math.min(x0, x)
      x1 = Math.max(x1, x)
      y0 = Math.min(y0, y)
      y1 = Math.max(y1, y)
    }
  }
  return { x0, y0, x1: x1 + 1, y1: y1 + 1 }
}

/** Area-averaged resample of the box into tw×th: each target pixel is the mean of the source it covers. */
function resample(g: Gray, box: { x0: number; y0: number; x1: number; y1: number }, tw: number, th: number): Float32Array {
  const out = new Float32Array(tw * th)
  const sx = (box.x1 - box.x0) / tw
  const sy = (box.y1 - box.y0) / th
  for (let ty = 0; ty < th; ty++) {
    const fy0 = box.y0 + ty * sy
    const fy1 = fy0 + sy
    for (let tx = 0; tx < tw; tx++) {
      const fx0 = box.x0 + tx * sx
      const fx1 = fx0 + sx
      let sum = 0
      let area = 0
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const wy = Math.min(fy1, y + 1) - Math.max(fy0, y)
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const w = wy * (Math.min(fx1, x + 1) - Math.max(fx0, x))
          sum += w * g.values[y * g.width + x]
          area += w
        }
      }
      out[ty * tw + tx] = area > 0 ? sum / area : 0
    }
  }
  return out
}

/** The 28×28 image (784 bytes, 0..255) of an RGBA image of width×height; all black when the image is blank. */
export function toDatasetImage(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, placement: Placement): Uint8Array {
  const g = grayscale(rgba, width, height)
  toLightOnDark(g)
  const out = new Float32Array(PIXELS)
  const box = contentBox(g)
  if (box) {
    const fit = placement === 'mnist' ? 20 : IMAGE_SIDE
    const bw = box.x1 - box.x0
    const bh = box.y1 - box.y0
    const scale = fit / Math.max(bw, bh)
    const tw = Math.max(1, Math.round(bw * scale))
    const th = Math.max(1, Math.round(bh * scale))
    const patch = resample(g, box, tw, th)
    let left = Math.floor((IMAGE_SIDE - tw) / 2)
    let top = Math.floor((IMAGE_SIDE - th) / 2)
    if (placement === 'mnist') {
      let mass = 0
      let mx = 0
      let my = 0
      for (let y = 0; y < th; y++) {
        for (let x = 0; x < tw; x++) {
          const v = patch[y * tw + x]
          mass += v
          mx += v * (x + 0.5)
          my += v * (y + 0.5)
        }
      }
      // Kept inside the image: MNIST's shift could push a lopsided patch off the edge.
      left = Math.min(IMAGE_SIDE - tw, Math.max(0, Math.round(IMAGE_SIDE / 2 - mx / mass)))
      top = Math.min(IMAGE_SIDE - th, Math.max(0, Math.round(IMAGE_SIDE / 2 - my / mass)))
    }
    for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) out[(top + y) * IMAGE_SIDE + left + x] = patch[y * tw + x]
  }
  return Uint8Array.from(out, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
}
