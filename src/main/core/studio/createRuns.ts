/** Stores one queued run per spec, each recording the exact train/validation/test counts it will use. */
import type { BackendRequest, RunRecord } from '../../../shared/results'
import type { ModelSpec } from '../../../shared/spec'
import { stratifiedHoldout } from '../datasets/split'
import type { Dataset } from '../datasets/types'
import type { RunStore } from '../runs/runStore'

export interface RunDataset {
  dataset: Dataset
  /** What the user knows the data as (the dataset's source description). */
  source: string
  fingerprint: string
  /** Seed of the validation hold-out, shared by every run of a study. */
  splitSeed: number
  /** The backend asked for, kept so a re-run asks for the same. */
  backendRequest: BackendRequest
}

export async function createQueuedRuns(store: RunStore, specs: ModelSpec[], data: RunDataset, studyId?: string): Promise<RunRecord[]> {
  const { dataset } = data
  const records: RunRecord[] = []
  // Every run of a study holds out the same examples; their count depends only on the split share.
  const holdouts = new Map<number, number>()
  for (const spec of specs) {
    const validation =
      holdouts.get(spec.validationSplit) ?? stratifiedHoldout(dataset.train.labels, spec.validationSplit, data.splitSeed).holdout.length
    holdouts.set(spec.validationSplit, validation)
    records.push(
      await store.create({
        name: spec.name,
        studyId,
        spec,
        dataset: {
          source: data.source,
          fingerprint: data.fingerprint,
          train: dataset.train.count - validation,
          validation,
          test: dataset.test.count,
          classNames: [...dataset.classNames]
        },
        splitSeed: data.splitSeed,
        backendRequest: data.backendRequest,
        status: 'queued',
        epochsRun: 0
      })
    )
  }
  return records
}
