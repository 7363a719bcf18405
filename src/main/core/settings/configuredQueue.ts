/**
 * Where the desktop app trains, from its settings: through the saved queue when its Redis answers at
 * start, else on this machine, with why in the status line. A setting saved later applies at next start.
 */
import type { QueueStatus } from '../../../shared/api'
import { openRedisExecutor, type RedisExecutor } from '../queue/redisExecutor'
import { maskRedisUrl } from '../queue/redisUrl'
import { readSettings } from './queueSetting'

export interface ConfiguredQueue {
  /** The queue's executor; undefined: runs train here. */
  executor?: RedisExecutor
  status(): Promise<QueueStatus>
}

export async function openConfiguredQueue(settingsFile: string, onLog?: (line: string) => void): Promise<ConfiguredQueue> {
  let inUse: string | undefined
  let executor: RedisExecutor | undefined
  let problem: string | undefined
  try {
    inUse = (await readSettings(settingsFile)).queue?.url
    if (inUse) executor = await openRedisExecutor(inUse, { onLog })
  } catch (err) {
    problem = `${err instanceof Error ? err.message : String(err)}; runs train on this machine until the app starts with the queue reachable`
  }
  const status = async (): Promise<QueueStatus> => {
    const now: QueueStatus = executor
      ? await executor.status()
      : { mode: 'local', workers: [], ...(inUse ? { url: maskRedisUrl(inUse) } : {}), ...(problem ? { problem } : {}) }
    const saved = await readSettings(settingsFile).then(
      (s) => s.queue?.url,
      () => inUse
    )
    return saved === inUse ? now : { ...now, saved: { url: saved ? maskRedisUrl(saved) : null } }
  }
  return { executor, status }
}
