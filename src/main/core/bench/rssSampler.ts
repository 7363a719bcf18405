/**
 * Peak resident memory of this process and its child processes together (the study host and its
 * trainers), sampled from /proc. Linux only: elsewhere `available` is false and figures are 0.
 */
import { readdirSync, readFileSync } from 'node:fs'

const PERIOD_MS = 200

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
    return match ? Number(match[1]) : 0
  } catch {
    // The process ended between listing and reading.
    return 0
  }
}

function childrenOf(parent: number): number[] {
  const children: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name before it is in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[1]) === parent) children.push(Number(entry))
    } catch {
      // Gone already.
    }
  }
  return children
}

export interface RssPeaks {
  available: boolean
  /** Largest sum of host and children resident memory seen at one sample. */
  totalMB: number
  hostMB: number
  /** Largest peak (VmHWM) of any one child. */
  childMB: number
}

export class RssSampler {
  private readonly timer: NodeJS.Timeout | null
  private readonly peaks: RssPeaks

  constructor() {
    const available = process.platform === 'linux'
    this.peaks = { available, totalMB: 0, hostMB: 0, childMB: 0 }
    this.timer = available ? setInterval(() => this.sample(), PERIOD_MS) : null
    this.timer?.unref()
  }

  private sample(): void {
    let total = statusKb(process.pid, 'VmRSS')
    for (const child of childrenOf(process.pid)) {
      total += statusKb(child, 'VmRSS')
      this.peaks.childMB = Math.max(this.peaks.childMB, Math.round(statusKb(child, 'VmHWM') / 1024))
    }
    this.peaks.totalMB = Math.max(this.peaks.totalMB, Math.round(total / 1024))
  }

  private stopped = false

  /** Stops sampling (once; later calls return the same figures). */
  stop(): RssPeaks {
    if (this.timer && !this.stopped) {
      clearInterval(this.timer)
      this.sample()
      this.peaks.hostMB = Math.round(statusKb(process.pid, 'VmHWM') / 1024)
    }
    this.stopped = true
    return { ...this.peaks }
  }
}
