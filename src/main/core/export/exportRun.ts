/** Export of a finished run's trained model, for the CLI and the Studio API alike. */
import { UserError } from '../../../shared/errors'
import { inputDescription, modelMetadata } from './modelMetadata'
import { readTrainedModel } from './readTrainedModel'
import { tfjsZip } from './tfjsZip'
import { toOnnx } from './toOnnx'

export const EXPORT_FORMATS = ['onnx', 'tfjs'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportedModel {
  /** A file name to offer, e.g. "dropout-20261206-151100-267-24e97f.onnx". */
  fileName: string
  bytes: Uint8Array
}

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v)
}

/**
 * The run's model as an ONNX file or a zipped TF.js model. Throws a UserError naming the run when
 * it does not exist, is not finished, or its model files are damaged.
 */
export async function exportRun(workspace: string, runId: string, format: ExportFormat): Promise<ExportedModel> {
  if (!isExportFormat(format)) throw new UserError('usage', `unknown export format "${String(format)}" (formats: ${EXPORT_FORMATS.join(', ')})`)
  const model = await readTrainedModel(workspace, runId)
  const { record } = model
  const base = `${record.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${record.id}`
  if (format === 'onnx') {
    // Always 0..1 in, as the app feeds images; a model trained on raw pixels scales them back inside.
    const metadata = modelMetadata(record, inputDescription('0..1'))
    const docString = `${record.name} (run ${record.id}), trained by Regularization Studio. Input ${metadata.input}.`
    return { fileName: `${base}.onnx`, bytes: toOnnx(model.dense, { normalize: record.spec.normalize, metadata, docString }) }
  }
  const metadata = modelMetadata(record, inputDescription(record.spec.normalize ? '0..1' : '0..255'))
  return { fileName: `${base}.zip`, bytes: tfjsZip(model, metadata) }
}
