/** What a host asks the robustness process and what it answers (robustnessWorker.ts); the host checks each message. */
import * as z from 'zod/mini'
import type { BackendRequest } from '../../../shared/results'
import { PERTURBATION_NAMES } from '../../../shared/robustness'
import { formatIssues, parse } from '../../../shared/schema'
import type { Perturbation } from './perturbations'

export interface ProbeJob {
  /** A dataset file in the cache format (datasets/cache.ts); its test set is probed. */
  datasetFile: string
  seed: number
  plan: readonly Perturbation[]
  backend: BackendRequest
  /** Threads for the wasm backend; absent = every core. */
  threads?: number
  runs: { runId: string; modelDir: string; normalize: boolean }[]
}

const probeAccuracySchema = z.object({
  perturbation: z.enum(PERTURBATION_NAMES),
  strength: z.number(),
  accuracy: z.number()
})
export type ProbeAccuracy = z.output<typeof probeAccuracySchema>

const probeAnswerSchema = z.object({
  /** The fingerprint of the dataset file, so the host can check it is the data the runs trained on. */
  fingerprint: z.string(),
  testImages: z.int(),
  /** Per run in job order: per perturbation, the clean accuracy as strength 0, then each of its plan steps by strength. */
  runs: z.array(z.object({ runId: z.string(), accuracies: z.array(probeAccuracySchema) }))
})
export type ProbeAnswer = z.output<typeof probeAnswerSchema>

/** What the robustness process sends: progress after each measured test pass, then its answer or its error. */
const probeMessageSchema = z.union([
  z.object({ progress: z.object({ done: z.int(), total: z.int() }) }),
  z.object({ answer: probeAnswerSchema }),
  z.object({ error: z.string() })
])
export type ProbeMessage = z.output<typeof probeMessageSchema>

/** A message from the robustness process, checked; one it cannot have sent becomes an error. */
export function readProbeMessage(value: unknown): ProbeMessage {
  const checked = parse(probeMessageSchema, value)
  return checked.ok ? checked.value : { error: `the robustness process sent a message this host cannot read: ${formatIssues(checked.issues)}` }
}
