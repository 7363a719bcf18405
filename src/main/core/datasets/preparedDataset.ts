/** Prepared datasets: the cache-format files in <workspace>/datasets that trainer processes read. */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeDatasetFile } from '../datasets/cache'
import type { Dataset } from '../datasets/types'
import { ensureDir } from '../util/ensureDir'

export function preparedDatasetPath(workspace: string, fingerprint: string): string {
  return join(workspace, 'datasets', `${fingerprint}.rsds`)
}

/** Writes the dataset once per fingerprint (same content, same file) and returns its path. */
export async function prepareDatasetFile(workspace: string, dataset: Dataset, fingerprint: string): Promise<string> {
  const file = preparedDatasetPath(workspace, fingerprint)
  await ensureDir(join(workspace, 'datasets'))
  const exists = await stat(file).then(
    () => true,
    () => false
  )
  if (!exists) await writeDatasetFile(file, dataset)
  return file
}
