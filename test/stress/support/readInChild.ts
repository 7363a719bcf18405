/**
 * Reads dataset files in a fresh Node process and reports the outcome, the time and the peak
 * resident memory of that process alone (maxRSS), which the test process, full of other data, cannot.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export interface ChildRead {
  ok: boolean
  /** The DatasetError message, or the dataset summary when ok. */
  message: string
  ms: number
  maxRssMiB: number
}

const REPO_ROOT = join(__dirname, '../../..')
const SCRIPT = join(__dirname, 'readFiles.ts')

/** `cap` in bytes, or undefined for the default limit. */
export function readInChild(files: string[], cap?: number): Promise<ChildRead> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), SCRIPT, String(cap ?? ''), ...files], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? ''
      try {
        resolve(JSON.parse(line) as ChildRead)
      } catch {
        reject(new Error(`the reader exited with ${code} without a result; stderr: ${stderr.slice(-2000)}`))
      }
    })
  )
}
