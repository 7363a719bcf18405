/**
 * The try-it panel's state: a drawing (strokes over an optional dropped image), its undo history, and
 * every compared run's class probabilities for it, asked of the host (runs.predict) after each change.
 */
import type { RunPrediction, StudioClient } from '../../../shared/api'
import { renderDrawing, type Stroke } from '../lib/brush'
import { toDatasetImage, type Placement } from '../lib/datasetImage'
import { checkImageFile, MAX_IMAGE_BYTES } from '../lib/imageFile'

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

/** Longest side the browser scales a dropped image to before the exact 28×28 conversion. */
const DECODE_SIDE = 280

interface Snapshot {
  base: Uint8Array | null
  strokes: Stroke[]
}

export class TryItState {
  /** A dropped image as 28×28 bytes, under the strokes; null when there is none. */
  base = $state.raw<Uint8Array | null>(null)
  strokes = $state.raw<Stroke[]>([])
  placement = $state<Placement>('fashion')
  predictions = $state.raw<RunPrediction[]>([])
  /** One line: why a drop was refused, or why the prediction failed. Nothing else changes then. */
  error = $state<string | null>(null)
  predicting = $state(false)
  pixels = $derived(renderDrawing(this.base, this.strokes))
  empty = $derived(this.base === null && this.strokes.length === 0)

  private history = $state.raw<Snapshot[]>([])
  private generation = 0

  constructor(private readonly client: StudioClient) {}

  get canUndo(): boolean {
    return this.history.length > 0
  }

  addStroke(stroke: Stroke): void {
    this.remember()
    this.strokes = [...this.strokes, stroke]
  }

  clear(): void {
    if (this.empty) return
    this.remember()
    this.base = null
    this.strokes = []
    this.predictions = []
  }

  undo(): void {
    const last = this.history.at(-1)
    if (!last) return
    this.history = this.history.slice(0, -1)
    this.base = last.base
    this.strokes = last.strokes
  }

  /** Checks and converts a dropped file; a refused one leaves the drawing as it was. */
  async drop(file: File): Promise<boolean> {
    // A file over the limit is refused by its size alone, never read.
    const bytes = file.size > MAX_IMAGE_BYTES ? new Uint8Array() : new Uint8Array(await file.arrayBuffer())
    const checked = checkImageFile(file.name, file.size, bytes)
    if (!checked.ok) {
      this.error = checked.problem
      return false
    }
    let bitmap: ImageBitmap
    try {
      bitmap = await createImageBitmap(file)
    } catch {
      this.error = `${file.name} could not be decoded as a ${checked.kind} image`
      return false
    }
    const scale = Math.min(1, DECODE_SIDE / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) {
      this.error = 'this browser cannot draw images on a canvas'
      return false
    }
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(bitmap, 0, 0, width, height)
    bitmap.close()
    const image = toDatasetImage(ctx.getImageData(0, 0, width, height).data, width, height, this.placement)
    this.remember()
    this.base = image
    this.strokes = []
    this.error = null
    return true
  }

  /** Asks the host for each run's probabilities of the current drawing; a later call wins. */
  async predict(runIds: readonly string[]): Promise<void> {
    const generation = ++this.generation
    if (runIds.length === 0 || this.empty) {
      this.predictions = []
      return
    }
    this.predicting = true
    try {
      const { predictions } = await this.client.request('runs.predict', { runIds: [...runIds], pixels: toBase64(this.pixels) })
      if (generation !== this.generation) return
      this.predictions = predictions
      this.error = null
    } catch (err) {
      if (generation === this.generation) this.error = message(err)
    } finally {
      if (generation === this.generation) this.predicting = false
    }
  }

  private remember(): void {
    this.history = [...this.history, { base: this.base, strokes: this.strokes }]
  }
}
