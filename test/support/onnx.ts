/** Runs and checks ONNX models in tests: ONNX Runtime (its WebAssembly build, no native binary) and ONNX's own checker. */
import { spawnSync } from 'node:child_process'

/** The model's first output for `rows` inputs of `width` floats, by ONNX Runtime. */
export async function runOnnx(model: Uint8Array, input: Float32Array, width: number): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const ort = await import('onnxruntime-web')
  // Its threaded build starts workers from blob: URLs, which Node cannot run.
  ort.env.wasm.numThreads = 1
  const session = await ort.InferenceSession.create(model)
  const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [input.length / width, width]) })
  const output = result[session.outputNames[0]]
  return { data: output.data as Float32Array, dims: output.dims }
}

/** A python3 that has the `onnx` package (Debian's python3-onnx installs it for /usr/bin/python3), or null. */
export function pythonWithOnnx(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', 'import onnx'], { stdio: 'ignore' })
    if (r.status === 0) return python
  }
  return null
}

/** ONNX's checker (full_check also infers shapes) on a file: null when it passes, else its message. */
export function onnxCheckerError(python: string, file: string): string | null {
  const script = 'import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)'
  const r = spawnSync(python, ['-c', script, file], { encoding: 'utf8' })
  return r.status === 0 ? null : (r.stderr || `exit ${r.status}`).trim()
}
