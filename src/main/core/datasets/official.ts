/**
 * Published datasets recognised by the MD5 sums published for their distribution files (the .gz
 * files). Several share file names (MNIST, Fashion-MNIST, KMNIST), so a file is told apart by its sum.
 */
import { basename } from 'node:path'
import { FASHION_MNIST_CLASS_NAMES, numberedClassNames } from '../../../shared/classNames'

export interface KnownDataset {
  name: string
  classNames: readonly string[]
  /** File name → published MD5 (hex). */
  md5: Readonly<Record<string, string>>
}

/** Sums from each dataset's README or download page. */
export const KNOWN_DATASETS: readonly KnownDataset[] = [
  {
    name: 'Fashion-MNIST',
    classNames: FASHION_MNIST_CLASS_NAMES,
    md5: {
      'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
      'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
      't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
      't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310'
    }
  },
  {
    name: 'MNIST',
    classNames: numberedClassNames(10),
    md5: {
      'train-images-idx3-ubyte.gz': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
      'train-labels-idx1-ubyte.gz': 'd53e105ee54ea40749a09fcbcd1e9432',
      't10k-images-idx3-ubyte.gz': '9fb629c4189551a2d022fa330f9573f3',
      't10k-labels-idx1-ubyte.gz': 'ec29112dd5afa0611ce80d1b7f02629c'
    }
  },
  {
    name: 'KMNIST',
    classNames: ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'],
    md5: {
      'train-images-idx3-ubyte.gz': 'bdb82020997e1d708af4cf47b453dcf7',
      'train-labels-idx1-ubyte.gz': 'e144d726b3acfaa3e44228e80efcd344',
      't10k-images-idx3-ubyte.gz': '5c965bf0a639b31b8f53240b1b52f4d7',
      't10k-labels-idx1-ubyte.gz': '7320c461ea6c1c855c0b718fb2a4b134'
    }
  }
]

/** Whether a file carries a published file's name, so its MD5 is worth computing. */
export function hasPublishedName(file: string): boolean {
  return KNOWN_DATASETS.some((d) => Object.hasOwn(d.md5, basename(file)))
}

export interface Recognition {
  /** The dataset every one of whose files is in the import, unchanged; null when none. */
  dataset: KnownDataset | null
  /** One line for the whole set when files carry a published name but not its content; else null. */
  warning: string | null
  /** Per differing file: its own name, its MD5 and the published ones. */
  details: string[]
}

/**
 * Recognises the import from its files' MD5s (null for a file not hashed). Files are named by their
 * own name, never by the folder they were read from (an upload folder means nothing to the user).
 */
export function recognise(files: readonly { file: string; md5: string | null }[]): Recognition {
  const named = files.filter((f) => f.md5 !== null && hasPublishedName(f.file))
  const matchOf = (f: { file: string; md5: string | null }) => KNOWN_DATASETS.find((d) => d.md5[basename(f.file)] === f.md5)
  const dataset =
    KNOWN_DATASETS.find((d) => Object.entries(d.md5).every(([name, sum]) => named.some((f) => basename(f.file) === name && f.md5 === sum))) ?? null
  const differing = named.filter((f) => matchOf(f) === undefined)
  if (differing.length === 0) return { dataset, warning: null, details: [] }
  // The other files' match says which dataset these were meant to be; with none, every candidate.
  const matched = named.map(matchOf).find((d) => d !== undefined)
  const candidates = matched ? [matched] : KNOWN_DATASETS.filter((d) => differing.some((f) => Object.hasOwn(d.md5, basename(f.file))))
  const published = joinNames(candidates.map((d) => d.name))
  const subject = differing.length === 1 ? `${basename(differing[0].file)} differs` : `${differing.length} files differ`
  const warning = `${subject} from the published ${published} files: ${differing.length === 1 ? 'it is' : 'they are'} not the official data (imported anyway)`
  const details = differing.map((f) => {
    const name = basename(f.file)
    const sums = candidates.filter((d) => Object.hasOwn(d.md5, name)).map((d) => `${d.name} ${d.md5[name]}`)
    return `${name}: MD5 ${f.md5}; published: ${sums.join(', ')}`
  })
  return { dataset: null, warning, details }
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
}
