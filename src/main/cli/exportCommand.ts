/**
 * `regstudio export`: a finished run's trained model as ONNX or as a zipped TF.js model. Only reads
 * the workspace, so it runs beside a host that is using it.
 */
import { resolve } from 'node:path'
import { UserError } from '../../shared/errors'
import { EXPORT_FORMATS, exportRun, isExportFormat } from '../core/export/exportRun'
import { DEFAULT_WORKSPACE } from '../core/paths'
import { writeFileAtomic } from '../core/util/atomicWrite'
import type { Command } from './command'
import { optionalString, parseArgs } from './args'

export const exportCommand: Command = {
  summary: 'write a finished run\'s trained model as ONNX or as a zipped TF.js model',
  usage: [
    'Usage: regstudio export RUN_ID --format onnx|tfjs --out FILE [--workspace DIR]',
    '',
    'onnx: an ONNX model (opset 13): input "pixels" [N, 784] float32, a 28x28 image row by row with',
    '      pixel values / 255 (0..1); output "probabilities" [N, 10]. Its metadata holds the class names,',
    '      the dataset fingerprint and the run\'s spec.',
    'tfjs: a zip of model.json and weights.bin; unzip and load model.json with tf.loadLayersModel. It takes',
    '      the pixels as the run trained on them (0..1, or 0..255 when its spec has "normalize": false).',
    '',
    'Options:',
    `  --workspace DIR   the runs' workspace (default ./${DEFAULT_WORKSPACE}); regstudio report --list prints the run ids`,
    '  --format F        onnx or tfjs',
    '  --out FILE        the file to write (replaced if it exists)',
    '',
    'Exit codes: 0 written, 2 bad input, or a run that is not finished or whose model is damaged (one line).'
  ].join('\n'),
  async run(argv) {
    const args = parseArgs(argv, { workspace: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } })
    const [runId, extra] = args.positionals
    if (runId === undefined) throw new UserError('usage', 'give the id of the run to export (regstudio report --list prints them)')
    if (extra !== undefined) throw new UserError('usage', `unexpected argument "${extra}"; see --help`)
    const format = optionalString(args, 'format')
    if (format === undefined) throw new UserError('usage', `--format is required (${EXPORT_FORMATS.join(' or ')})`)
    if (!isExportFormat(format)) throw new UserError('usage', `--format must be ${EXPORT_FORMATS.join(' or ')}, got "${format}"`)
    const out = optionalString(args, 'out')
    if (out === undefined) throw new UserError('usage', '--out FILE is required')
    const workspace = resolve(optionalString(args, 'workspace') ?? DEFAULT_WORKSPACE)
    const exported = await exportRun(workspace, runId, format)
    const file = resolve(out)
    await writeFileAtomic(file, exported.bytes)
    process.stderr.write(`wrote ${file} (${format}, ${exported.bytes.byteLength} bytes)\n`)
    return 0
  }
}
