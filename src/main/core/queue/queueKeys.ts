/** Names shared by hosts and workers in Redis: the BullMQ queue and the keys beside it. */

/** The BullMQ queue every host enqueues runs on and every worker takes them from. */
export const RUN_QUEUE = 'regstudio-runs'

/** Pub/sub channel carrying the ids of jobs whose runs were cancelled. */
export const CANCEL_CHANNEL = 'regstudio:cancel'

export function cancelKey(jobId: string): string {
  return `regstudio:cancel:${jobId}`
}

export function datasetManifestKey(fingerprint: string): string {
  return `regstudio:dataset:${fingerprint}:manifest`
}

export function datasetChunkKey(fingerprint: string, index: number): string {
  return `regstudio:dataset:${fingerprint}:${index}`
}

export function modelFileKey(jobId: string, name: string): string {
  return `regstudio:model:${jobId}:${name}`
}

/** Datasets stay this long after their last use by a host, so a worker started later still finds them. */
export const DATASET_TTL_SECONDS = 7 * 24 * 3600
/** Model files wait this long for their host (one that crashed may come back for them later). */
export const MODEL_TTL_SECONDS = 24 * 3600
