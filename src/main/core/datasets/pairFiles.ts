import { basename } from 'node:path'
import { plural } from '../../../shared/format'
import { byteOffset, DatasetError } from './errors'
import type { ParsedFile } from './readDatasetFile'
import { splitHint } from './splitHint'
import type { ImageSet } from './types'

/** A complete image set read from one CSV or one IDX images + labels pair. */
export interface LoadedSet {
  kind: 'idx' | 'csv'
  /** Paths as the user gave them; for IDX, images first. */
  files: string[]
  set: ImageSet
  /** Each file's MD5 when it carries a published file's name, else null; in the order of `files`. */
  md5s: (string | null)[]
  /** The file holding the labels and where label i sits in it, for messages about one label. */
  labelAt: (index: number) => { file: string; place: string }
}

type ImagesFile = Extract<ParsedFile, { kind: 'images' }>
type LabelsFile = Extract<ParsedFile, { kind: 'labels' }>

/**
 * Groups parsed files into sets: each CSV is a set, each IDX images file is paired with the labels
 * file holding the same count. Equal counts are told apart by file name (same name apart from
 * images/labels, then same train/test hint); anything left unpaired or ambiguous is an error.
 */
export function pairFiles(parsed: ParsedFile[]): LoadedSet[] {
  const sets: LoadedSet[] = []
  const images: ImagesFile[] = []
  const labels: LabelsFile[] = []
  for (const p of parsed) {
    if (p.kind === 'csv') {
      sets.push({ kind: 'csv', files: [p.file], set: p.set, md5s: [p.md5], labelAt: (i) => ({ file: p.file, place: `data row ${i + 1}, column 1` }) })
    }
    else if (p.kind === 'images') images.push(p)
    else labels.push(p)
  }
  const pairs = new Map<ImagesFile, LabelsFile>()
  const taken = new Set<LabelsFile>()
  const candidatesOf = (img: ImagesFile) => labels.filter((l) => !taken.has(l) && l.count === img.count)
  // A pair settled by name can leave a single candidate for another images file, so repeat until stable.
  for (let progress = true; progress; ) {
    progress = false
    for (const img of images) {
      if (pairs.has(img)) continue
      const match = narrow(img, candidatesOf(img))
      if (match) {
        pairs.set(img, match)
        taken.add(match)
        progress = true
      }
    }
  }
  for (const img of images) {
    if (!pairs.has(img)) throw unpairedImages(img, candidatesOf(img), labels)
  }
  const leftover = labels.find((l) => !taken.has(l))
  if (leftover) {
    throw DatasetError.at(
      leftover.file,
      'byte offset 4',
      `${plural(leftover.count, 'label')}, but no images file holds ${plural(leftover.count, 'image')} to go with them`
    )
  }
  for (const [img, lab] of pairs) {
    sets.push({
      kind: 'idx',
      files: [img.file, lab.file],
      set: { count: img.count, images: img.images, labels: lab.labels },
      md5s: [img.md5, lab.md5],
      // An IDX labels file holds one byte per label after its 8-byte header.
      labelAt: (i) => ({ file: lab.file, place: byteOffset(8 + i, lab.compressed) })
    })
  }
  return sets
}

function narrow(img: ImagesFile, candidates: LabelsFile[]): LabelsFile | null {
  if (candidates.length <= 1) return candidates[0] ?? null
  const sameStem = candidates.filter((l) => stem(l.file) === stem(img.file))
  if (sameStem.length === 1) return sameStem[0]
  const hint = splitHint(img.file)
  const sameHint = hint === null ? [] : candidates.filter((l) => splitHint(l.file) === hint)
  return sameHint.length === 1 ? sameHint[0] : null
}

/** The file name with the images/labels words taken out, so partners compare equal. */
function stem(file: string): string {
  return basename(file)
    .toLowerCase()
    .replace(/\.gz$/, '')
    .replace(/images|labels/g, '*')
    .replace(/idx[13]/g, 'idx*')
}

function unpairedImages(img: ImagesFile, candidates: LabelsFile[], labels: LabelsFile[]): DatasetError {
  if (candidates.length > 1) {
    return DatasetError.at(
      img.file,
      'byte offset 4',
      `cannot tell which labels file goes with ${img.count === 1 ? 'this image' : `these ${img.count} images`}: ${candidates.map((l) => l.file).join(', ')} all hold ${plural(img.count, 'label')}`
    )
  }
  const others = labels.length === 0 ? 'no IDX labels file was given' : `labels files given: ${labels.map((l) => `${l.file} (${plural(l.count, 'label')})`).join(', ')}`
  return DatasetError.at(
    img.file,
    'byte offset 4',
    `${plural(img.count, 'image')}, but no labels file holds ${plural(img.count, 'label')} (${others})`
  )
}
