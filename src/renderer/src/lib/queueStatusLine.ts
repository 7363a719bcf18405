/** The host's queue status in a few words for the top bar, and in full for its tooltip and dialog. */
import type { QueueStatus } from '../../../shared/api'
import { plural } from '../../../shared/format'

export interface QueueStatusLine {
  /** Short, for the top bar. */
  text: string
  /** 'ok': the queue answers; 'warn': it does not, or the app trains here instead of on it; 'local': no queue. */
  tone: 'ok' | 'warn' | 'local'
  /** Everything known, one fact a line. */
  details: string[]
}

export function queueStatusLine(status: QueueStatus): QueueStatusLine {
  const pending = status.saved ? [`Saved setting: ${status.saved.url ?? 'no queue'}; applies when the app next starts.`] : []
  if (status.mode === 'local') {
    const details = [status.problem ?? 'Runs train on this machine.', ...pending]
    return { text: status.problem ? 'queue unreachable · training here' : 'training here', tone: status.problem ? 'warn' : 'local', details }
  }
  const url = status.url ?? 'Redis'
  if (!status.reachable) return { text: `queue ${url} · unreachable`, tone: 'warn', details: [status.problem ?? `Redis at ${url} does not answer.`, ...pending] }
  const workers = status.workers.length
  const jobs = `${status.waiting ?? 0} waiting, ${status.active ?? 0} training`
  return {
    text: `queue ${url} · ${plural(workers, 'worker')}`,
    tone: workers > 0 ? 'ok' : 'warn',
    details: [
      `Runs go to the workers of the queue on ${url} (connected).`,
      workers > 0 ? `Workers: ${status.workers.join(', ')}.` : 'No worker is connected: runs wait until one starts (regstudio worker --queue …).',
      `Jobs on the queue: ${jobs}.`,
      ...pending
    ]
  }
}
