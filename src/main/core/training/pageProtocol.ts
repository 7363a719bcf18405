/**
 * Messages between the host and the WebGPU trainer page, over the MessagePort main gives the page.
 * The page gets the job with the prepared dataset in the one start message (its arrays are cloned
 * across once, then read in place batch by batch) and answers with the trainer's own messages,
 * plus the trained model's files, which the host writes. Each side checks what it receives.
 */
import * as z from 'zod/mini'
import { PIXELS } from '../../../shared/dataset'
import { formatIssues, parse, type Checked } from '../../../shared/schema'
import { readWorkerMessage, trainJobSchema, type WorkerMessage } from './protocol'

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'must be bytes (a Uint8Array)' })

const imageSetSchema = z
  .object({
    count: z.int().check(z.minimum(0)),
    images: bytes,
    labels: bytes
  })
  .check(
    z.refine((set) => set.images.length === set.count * PIXELS && set.labels.length === set.count, {
      message: 'must hold `count` images of 28x28 pixels and `count` labels'
    })
  )

const pageHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    job: trainJobSchema,
    dataset: z.object({ train: imageSetSchema, test: imageSetSchema }),
    /** Tests and the bench only: let a software adapter (SwiftShader) count as a GPU. */
    allowFallbackAdapter: z.optional(z.boolean())
  }),
  z.object({ type: z.literal('cancel') })
])
export type PageHostMessage = z.output<typeof pageHostMessageSchema>

/** A layers model's files as TF.js hands them to a save handler: JSON topology, weight specs, one buffer. */
const modelArtifactsSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(z.object({ name: z.string(), shape: z.array(z.int()), dtype: z.enum(['float32', 'int32', 'bool']) })),
  weightData: z.instanceof(ArrayBuffer),
  format: z.optional(z.string()),
  generatedBy: z.optional(z.string()),
  convertedBy: z.optional(z.nullable(z.string()))
})
export type PageModelArtifacts = z.output<typeof modelArtifactsSchema>

const modelMessageSchema = z.object({ type: z.literal('model'), artifacts: modelArtifactsSchema })

export type PageMessage = WorkerMessage | z.output<typeof modelMessageSchema>

/** A message from the host, checked; the page answers a bad one with a failure. */
export function readPageHostMessage(value: unknown): Checked<PageHostMessage> {
  return parse(pageHostMessageSchema, value)
}

/** A message from the page; one that cannot be read fails the run, with why. */
export function readPageMessage(value: unknown): PageMessage {
  if ((value as { type?: unknown } | null)?.type !== 'model') return readWorkerMessage(value)
  const checked = parse(modelMessageSchema, value)
  return checked.ok ? checked.value : { type: 'failed', error: `the trainer page sent model files this host cannot read: ${formatIssues(checked.issues)}` }
}
