/** The class names a run is shown with: those of its dataset as the workspace holds it now. */
import type { DatasetInfo } from '../../../shared/api'
import { outputUnits, runClassNames } from '../../../shared/classNames'
import type { RunRecord } from '../../../shared/results'

/**
 * The record with its dataset's current class names (names edited in the Data view apply to the
 * runs trained before), found by fingerprint, or for a quick subset by the description it extends;
 * else the names run.json recorded, else the fallback for runs older than class names.
 */
export function withClassNames(record: RunRecord, datasets: readonly DatasetInfo[]): RunRecord {
  const { fingerprint, source } = record.dataset
  const listed =
    datasets.find((d) => d.summary.fingerprint === fingerprint) ??
    datasets.find((d) => source.startsWith(`${d.summary.source.description}; `))
  const current = listed?.summary.classNames
  const classNames = current && current.length === outputUnits(record.spec) ? [...current] : runClassNames(record)
  return { ...record, dataset: { ...record.dataset, classNames } }
}
