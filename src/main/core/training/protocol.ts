/**
 * Messages between a trainer host and its trainer process (child_process or Electron utilityProcess).
 * Each side checks what it receives: the other side may be another build, or a crash may cut a message.
 */
import * as z from 'zod/mini'
import { backendChoiceSchema, batchProgressSchema, BACKEND_REQUESTS, epochMetricsSchema, trainOutcomeSchema } from '../../../shared/results'
import { formatIssues, parse, type Checked } from '../../../shared/schema'
import { modelSpecSchema } from '../../../shared/spec'

export const trainJobSchema = z.object({
  runId: z.string(),
  spec: modelSpecSchema,
  /** A dataset file in the cache format (datasets/cache.ts), prepared by the host. */
  datasetFile: z.string(),
  /** Seed of the validation hold-out, shared by every variant of a study. */
  splitSeed: z.int(),
  backend: z.enum(BACKEND_REQUESTS),
  /** Threads for the wasm backend's matrix products; absent = every core (backend.ts). */
  threads: z.optional(z.int().check(z.minimum(1))),
  /** Where to save the trained model in TF.js format; absent = not saved. */
  modelDir: z.optional(z.string()),
  /**
   * The desktop app's 'auto' ladder, run in stages because its webgpu rung trains in a window
   * (ladderExecutor.ts); absent elsewhere, where the ladder has no webgpu rung.
   */
  ladder: z.optional(
    z.object({
      /** Rungs already refused, with why ("tfjs-node: not installed"): skipped here, listed first in the reason. */
      tried: z.array(z.string()),
      /** Stop at the webgpu rung, refusing with the reasons so far, so the host can try it in a window. */
      stopAtWebgpu: z.optional(z.boolean())
    })
  )
})
export type TrainJob = z.output<typeof trainJobSchema>

const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    job: trainJobSchema,
    /** Stay for another job after this one finishes (a trainer pool, trainerPool.ts); absent = exit. */
    keep: z.optional(z.boolean())
  }),
  z.object({ type: z.literal('cancel') })
])
export type HostMessage = z.output<typeof hostMessageSchema>

const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backend'), choice: backendChoiceSchema }),
  z.object({ type: z.literal('progress'), progress: batchProgressSchema }),
  z.object({ type: z.literal('epoch'), metrics: epochMetricsSchema }),
  z.object({ type: z.literal('finished'), outcome: trainOutcomeSchema }),
  z.object({ type: z.literal('cancelled'), history: z.array(epochMetricsSchema) }),
  /** Sent after a kept job finished and was cleaned up: the trainer waits for the next; its memory now. */
  z.object({ type: z.literal('ready'), rssBytes: z.number() }),
  z.object({
    type: z.literal('failed'),
    error: z.string(),
    /** Set when no rung of the ladder could be used: every rung tried, with why, for the host's next stage. */
    refused: z.optional(z.array(z.string()))
  })
])
export type WorkerMessage = z.output<typeof workerMessageSchema>

/** A message from the host, checked; the trainer answers a bad one with a failure. */
export function readHostMessage(value: unknown): Checked<HostMessage> {
  return parse(hostMessageSchema, value)
}

/** A message from the trainer; one that cannot be read fails the run with the reason, rather than the host. */
export function readWorkerMessage(value: unknown): WorkerMessage {
  const checked = parse(workerMessageSchema, value)
  return checked.ok ? checked.value : { type: 'failed', error: `the trainer sent a message this host cannot read: ${formatIssues(checked.issues)}` }
}
