import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { onnx } from 'onnx-proto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../support/cli'
import { trainedWorkspace, type TrainedWorkspace } from '../../../support/trainedWorkspace'

let dir: string
let trained: TrainedWorkspace

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regstudio-cli-export-'))
  trained = await trainedWorkspace(dir, ['dropout'])
}, 240_000)

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('regstudio export', () => {
  it('writes a run as ONNX and as a TF.js zip', async () => {
    const run = trained.runs.dropout
    const onnxFile = join(dir, 'model.onnx')
    const asOnnx = await runCli(['export', run.id, '--format', 'onnx', '--out', onnxFile, '--workspace', trained.workspace])
    expect(asOnnx.code, asOnnx.stderr).toBe(0)
    expect(asOnnx.stderr).toMatch(new RegExp(`^wrote ${onnxFile} \\(onnx, \\d+ bytes\\)\\n$`))
    const model = onnx.ModelProto.decode(await readFile(onnxFile))
    expect(model.graph?.input?.[0]?.name).toBe('pixels')

    const zipFile = join(dir, 'model.zip')
    const asZip = await runCli(['export', run.id, '--format=tfjs', '--out', zipFile, '--workspace', trained.workspace])
    expect(asZip.code, asZip.stderr).toBe(0)
    expect(Object.keys(unzipSync(await readFile(zipFile))).sort()).toEqual(['model.json', 'weights.bin'])
  })

  it('refuses a run that is not finished and bad options with one line and exit 2', async () => {
    const run = trained.runs.dropout
    const file = join(trained.workspace, 'runs', run.id, 'run.json')
    const record = await readFile(file, 'utf8')
    await writeFile(file, JSON.stringify({ ...JSON.parse(record), status: 'interrupted' }))
    try {
      const r = await runCli(['export', run.id, '--format', 'onnx', '--out', join(dir, 'x.onnx'), '--workspace', trained.workspace])
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`regstudio export: run ${run.id} is interrupted, not finished: only a finished run has a trained model\n`)
    } finally {
      await writeFile(file, record)
    }
    const cases: [string[], string][] = [
      [['export', '--format', 'onnx', '--out', 'x'], 'give the id of the run to export (regstudio report --list prints them)'],
      [['export', run.id, '--out', 'x'], '--format is required (onnx or tfjs)'],
      [['export', run.id, '--format', 'pt', '--out', 'x'], '--format must be onnx or tfjs, got "pt"'],
      [['export', run.id, '--format', 'onnx'], '--out FILE is required'],
      [['export', '20991231-000000-000-aaaaaa', '--format', 'onnx', '--out', 'x', '--workspace', trained.workspace],
        `No run "20991231-000000-000-aaaaaa" in ${join(trained.workspace, 'runs')}`]
    ]
    for (const [args, message] of cases) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toBe(`regstudio export: ${message}\n`)
    }
  })
})
