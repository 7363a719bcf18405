/**
 * Events a host emits about runs, imports and datasets; the same values travel over IPC and
 * WebSocket. `studioEventSchema` is their one description; the types are inferred from it.
 */
import * as z from 'zod/mini'
import { datasetSummarySchema } from './dataset'
import { backendChoiceSchema, batchProgressSchema, epochMetricsSchema, runRecordSchema } from './results'

const runId = z.string()

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run.queued'), runId, name: z.string(), studyId: z.optional(z.string()) }),
  z.object({ type: z.literal('run.started'), runId, backend: backendChoiceSchema }),
  z.object({ type: z.literal('run.progress'), runId, progress: batchProgressSchema }),
  z.object({ type: z.literal('run.epoch'), runId, metrics: epochMetricsSchema }),
  z.object({ type: z.literal('run.finished'), runId, record: runRecordSchema }),
  z.object({ type: z.literal('run.failed'), runId, error: z.string() }),
  z.object({ type: z.literal('run.cancelled'), runId })
])
export type RunEvent = z.output<typeof runEventSchema>

const importProgressEventSchema = z.object({
  type: z.literal('dataset.progress'),
  /** The id the importing window gave (absent when it gave none), so each window shows its own import. */
  importId: z.optional(z.string()),
  message: z.string(),
  done: z.number(),
  total: z.number()
})
export type ImportProgressEvent = z.output<typeof importProgressEventSchema>

export const datasetInfoSchema = z.object({
  id: z.string(),
  summary: datasetSummarySchema,
  importedAt: z.string()
})
export type DatasetInfo = z.output<typeof datasetInfoSchema>

/** A dataset joined the workspace (any client's import), so every window can list it. */
const datasetAddedEventSchema = z.object({ type: z.literal('dataset.added'), dataset: datasetInfoSchema })
export type DatasetAddedEvent = z.output<typeof datasetAddedEventSchema>

/** A robustness probe (runs.robustness) measured `done` of its `total` test passes. */
const robustnessProgressEventSchema = z.object({ type: z.literal('robustness.progress'), probeId: z.string(), done: z.number(), total: z.number() })
export type RobustnessProgressEvent = z.output<typeof robustnessProgressEventSchema>

export const studioEventSchema = z.discriminatedUnion('type', [
  ...runEventSchema.def.options,
  importProgressEventSchema,
  datasetAddedEventSchema,
  robustnessProgressEventSchema
])
export type StudioEvent = z.output<typeof studioEventSchema>
