import { basename } from 'node:path'

/** MD5 sums published in the Fashion-MNIST README for the official distribution files. */
const OFFICIAL_MD5: Readonly<Record<string, string>> = {
  'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
  'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
  't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
  't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310'
}

/** The published MD5 for a file named like an official one, else null. */
export function officialMd5(file: string): string | null {
  return Object.hasOwn(OFFICIAL_MD5, basename(file)) ? OFFICIAL_MD5[basename(file)] : null
}

/** A warning when a file carries an official name but not the official content; null when it matches. */
export function officialMismatch(file: string, md5: string): string | null {
  const expected = officialMd5(file)
  if (expected === null || expected === md5) return null
  return `${file}: MD5 ${md5} differs from the published ${expected} of the official ${basename(file)}; imported anyway, but it is not the official file`
}
