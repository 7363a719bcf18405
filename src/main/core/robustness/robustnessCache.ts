/**
 * robustness.json in a run's folder: a probe's accuracies, kept so a report asks for them again at
 * no cost. Valid only for the same seed, plan and dataset; anything else, or a damaged file, is
 * simply probed again and overwritten.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeJsonAtomic } from '../util/atomicWrite'
import type { Perturbation } from './perturbations'
import type { ProbeAccuracy } from './probeJob'

export const ROBUSTNESS_FILE = 'robustness.json'
/** Raised when what a probe measures changes, so older files are probed again. */
const VERSION = 1

export interface ProbeKey {
  seed: number
  plan: readonly Perturbation[]
  datasetFingerprint: string
}

interface CacheFile extends ProbeKey {
  version: number
  testImages: number
  accuracies: ProbeAccuracy[]
}

function sameKey(file: CacheFile, key: ProbeKey): boolean {
  return (
    file.version === VERSION &&
    file.seed === key.seed &&
    file.datasetFingerprint === key.datasetFingerprint &&
    JSON.stringify(file.plan) === JSON.stringify(key.plan)
  )
}

/** The cached accuracies of the run in `runDir` for this probe, or undefined. */
export async function readCachedProbe(runDir: string, key: ProbeKey): Promise<ProbeAccuracy[] | undefined> {
  let file: CacheFile
  try {
    file = JSON.parse(await readFile(join(runDir, ROBUSTNESS_FILE), 'utf8')) as CacheFile
  } catch {
    return undefined
  }
  const valid = typeof file === 'object' && file !== null && sameKey(file, key) && Array.isArray(file.accuracies) &&
    file.accuracies.every((a) => typeof a?.accuracy === 'number' && typeof a.strength === 'number' && typeof a.perturbation === 'string')
  return valid ? file.accuracies : undefined
}

export async function writeCachedProbe(runDir: string, key: ProbeKey, testImages: number, accuracies: ProbeAccuracy[]): Promise<void> {
  const file: CacheFile = { version: VERSION, seed: key.seed, plan: key.plan, datasetFingerprint: key.datasetFingerprint, testImages, accuracies }
  await writeJsonAtomic(join(runDir, ROBUSTNESS_FILE), file)
}
