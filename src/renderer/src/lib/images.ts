/** Grayscale 28x28 images: base64 bytes from the host -> pixel arrays -> canvas. */
import { IMAGE_SIDE, PIXELS } from '../../../shared/dataset'

/** The 784 bytes of one image sent by datasets.samples (base64, row-major). */
export function decodePixels(base64: string): Uint8Array {
  const binary = atob(base64)
  if (binary.length !== PIXELS) throw new Error(`an image must have ${PIXELS} bytes, got ${binary.length}`)
  const out = new Uint8Array(PIXELS)
  for (let i = 0; i < PIXELS; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Gray values (0..255, fractions allowed, e.g. mean images) as opaque RGBA for ImageData. */
export function grayToRgba(pixels: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(new ArrayBuffer(pixels.length * 4))
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.round(pixels[i])
    const o = i * 4
    rgba[o] = v
    rgba[o + 1] = v
    rgba[o + 2] = v
    rgba[o + 3] = 255
  }
  return rgba
}

/** The image as rows, as numpy prints a (28, 28) array. */
export function pixelRows(pixels: ArrayLike<number>, side = IMAGE_SIDE): number[][] {
  const rows: number[][] = []
  for (let r = 0; r < side; r++) rows.push(Array.from({ length: side }, (_, c) => pixels[r * side + c]))
  return rows
}

/**
 * Draws the image on the canvas scaled by a whole factor, without smoothing so each pixel stays a
 * sharp square (the canvas is sized to side * scale device pixels).
 */
export function drawGray(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, scale: number, side = IMAGE_SIDE): void {
  const size = side * scale
  if (canvas.width !== size) canvas.width = size
  if (canvas.height !== size) canvas.height = size
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  const source = document.createElement('canvas')
  source.width = side
  source.height = side
  source.getContext('2d')?.putImageData(new ImageData(grayToRgba(pixels), side, side), 0, 0)
  ctx.imageSmoothingEnabled = false
  ctx.clearRect(0, 0, size, size)
  ctx.drawImage(source, 0, 0, size, size)
}
