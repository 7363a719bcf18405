/** Reads run.json and eval.json, checking their shape: files on disk may be hand-edited, truncated or from another version. */
import { readFile } from 'node:fs/promises'
import { UserError } from '../../../shared/errors'
import type { Evaluation, RunRecord, RunStatus } from '../../../shared/results'
import { formatSpecIssues, validateSpec } from '../../../shared/specValidate'

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted']

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
  if (typeof v.name !== 'string') throw damaged(file, '"name" is not a string')
  if (!RUN_STATUSES.includes(v.status as RunStatus)) throw damaged(file, `"status" is not one of ${RUN_STATUSES.join(', ')}`)
  if (typeof v.createdAt !== 'string') throw damaged(file, '"createdAt" is not a string')
  if (!Number.isInteger(v.epochsRun) || (v.epochsRun as number) < 0) throw damaged(file, '"epochsRun" is not a whole number')
  if (!isObject(v.dataset)) throw damaged(file, '"dataset" is not an object')
  const spec = validateSpec(v.spec)
  if (!spec.ok) throw damaged(file, `"spec" is invalid: ${formatSpecIssues(spec.issues)}`)
  return { ...(v as unknown as RunRecord), spec: spec.spec }
}

/** The evaluation in `file`, or undefined when the run has none yet. */
export async function readEvaluation(file: string): Promise<Evaluation | undefined> {
  const v = await readJson(file)
  if (v === undefined) return undefined
  if (!isObject(v)) throw damaged(file, 'is not a JSON object')
  // null stands for NaN (a diverged model), as JSON has no NaN.
  for (const key of ['testLoss', 'testAccuracy', 'trainLoss', 'trainAccuracy']) {
    if (typeof v[key] !== 'number' && v[key] !== null) throw damaged(file, `"${key}" is not a number`)
  }
  if (!Array.isArray(v.confusion)) throw damaged(file, '"confusion" is not a list')
  return {
    ...(v as unknown as Evaluation),
    testLoss: (v.testLoss as number | null) ?? NaN,
    testAccuracy: (v.testAccuracy as number | null) ?? NaN,
    trainLoss: (v.trainLoss as number | null) ?? NaN,
    trainAccuracy: (v.trainAccuracy as number | null) ?? NaN
  }
}
