/** Reads run.json, eval.json and misclassified.json, checking their shape: files on disk may be hand-edited, truncated or from another version. */
import { readFile } from 'node:fs/promises'
import { UserError } from '../../../shared/errors'
import * as z from 'zod/mini'
import { evaluationSchema, runRecordSchema, samplePredictionSchema, type Evaluation, type RunRecord, type SamplePrediction } from '../../../shared/results'
import { formatIssues, parse } from '../../../shared/schema'
import { formatSpecIssues, validateSpec } from '../../../shared/specValidate'

function damaged(file: string, problem: string): UserError {
  return new UserError('RUN_DAMAGED', `${file}: ${problem}`, { file })
}

/** Parsed JSON, or undefined when the file does not exist. */
async function readJson(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw damaged(file, `cannot be read (${(err as Error).message})`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    throw damaged(file, `is not valid JSON (${(err as Error).message})`)
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The record in `file`, which must belong to run `id`; undefined when the file is missing. */
export async function readRunRecord(file: string, id: string): Promise<RunRecord | undefined> {
  const v = await readJson(file)
  if (v === undefined) return undefined
  if (!isObject(v)) throw damaged(file, 'is not a JSON object')
  if (v.id !== id) throw damaged(file, `holds run id ${JSON.stringify(v.id)} but its folder is "${id}"`)
  // The spec first, with its own sentences: it is the part a person may have edited by hand.
  const spec = validateSpec(v.spec)
  if (!spec.ok) throw damaged(file, `"spec" is invalid: ${formatSpecIssues(spec.issues)}`)
  const record = parse(runRecordSchema, v)
  if (!record.ok) throw damaged(file, formatIssues(record.issues))
  // Keys this version does not know stay: a newer version may have written them, and updates rewrite the file.
  return { ...v, ...record.value, spec: spec.spec }
}

/** The evaluation in `file`, or undefined when the run has none yet. */
export async function readEvaluation(file: string): Promise<Evaluation | undefined> {
  const v = await readJson(file)
  if (v === undefined) return undefined
  if (!isObject(v)) throw damaged(file, 'is not a JSON object')
  const evaluation = parse(evaluationSchema, v)
  if (!evaluation.ok) throw damaged(file, formatIssues(evaluation.issues))
  return evaluation.value
}

const misclassifiedSchema = z.array(samplePredictionSchema)

/** Every misclassified test image of a run, or undefined when the run was trained before they were kept. */
export async function readMisclassified(file: string): Promise<SamplePrediction[] | undefined> {
  const v = await readJson(file)
  if (v === undefined) return undefined
  const predictions = parse(misclassifiedSchema, v)
  if (!predictions.ok) throw damaged(file, formatIssues(predictions.issues))
  return predictions.value
}
