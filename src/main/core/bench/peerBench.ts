/**
 * The PyTorch peer (peer-pytorch.py, from the design's reference benchmark): the same network and
 * RMSprop step in PyTorch, timed on this machine in the same bench run, because machines here are
 * noisy and only ratios measured side by side mean something.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface PeerTiming {
  msPerStep: number
  threads: number
  steps: number
}

export type PeerResult = PeerTiming | { unavailable: string }

export const PEER_SCRIPT = join(__dirname, 'peer-pytorch.py')

/** Debian's python3, which python3-torch installs into, ahead of a pyenv or venv python3 on PATH. */
export function defaultPeerPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

/** Runs the peer with `python` (Debian's python3 with python3-torch); never throws. */
export function runPeerBench(opts: { threads: number; steps: number; python?: string; timeoutMs?: number }): Promise<PeerResult> {
  const python = opts.python ?? defaultPeerPython()
  // The script's own advice: OpenBLAS core-type overrides distort its speed.
  const env = { ...process.env }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  return new Promise((resolve) => {
    execFile(
      python,
      [PEER_SCRIPT, String(opts.threads), String(opts.steps)],
      { env, timeout: opts.timeoutMs ?? 600_000, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : lastLine(stderr) || err.message
          return resolve({ unavailable: `${python} ${PEER_SCRIPT}: ${reason} (Debian: apt-get install python3-torch libopenblas0-pthread)` })
        }
        resolve(parsePeerOutput(stdout) ?? { unavailable: `${python} ${PEER_SCRIPT}: unexpected output: ${lastLine(stdout)}` })
      }
    )
  })
}

/** The script's JSON line, checked. */
export function parsePeerOutput(stdout: string): PeerTiming | null {
  try {
    const value = JSON.parse(lastLine(stdout)) as Partial<PeerTiming>
    const ok = [value.msPerStep, value.threads, value.steps].every((n) => typeof n === 'number' && Number.isFinite(n) && n > 0)
    return ok ? { msPerStep: value.msPerStep!, threads: value.threads!, steps: value.steps! } : null
  } catch {
    return null
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? ''
}
