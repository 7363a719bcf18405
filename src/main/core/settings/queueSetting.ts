/**
 * The desktop app's queue setting: read from and saved to its settings file, the URL checked before
 * it is saved and its password never shown. A saved setting applies when the app next starts.
 */
import { chmod, readFile } from 'node:fs/promises'
import { UserError } from '../../../shared/errors'
import { formatIssues } from '../../../shared/schema'
import { appSettings, type AppSettings, type QueueSetting } from '../../../shared/settings'
import { checkRedisUrl, maskRedisUrl } from '../queue/redisUrl'
import { writeFailed, writeFileAtomic } from '../util/atomicWrite'

/** What the dialog shows for a password it does not show. */
export const MASK = '***'

/** The settings in the file; none when it does not exist. A file that cannot be read or checked is one line naming it. */
export async function readSettings(file: string): Promise<AppSettings> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new UserError('settings_unreadable', `${file}: cannot be read (${(err as Error).message})`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UserError('settings_unreadable', `${file}: is not JSON (${(err as Error).message})`)
  }
  const checked = appSettings.check(value)
  if (!checked.ok) throw new UserError('settings_unreadable', `${file}: ${formatIssues(checked.issues)}`)
  return checked.value
}

/** The queue setting as shown: the URL with its password masked. */
export function shownQueueSetting(settings: AppSettings): QueueSetting {
  return { url: settings.queue ? maskRedisUrl(settings.queue.url) : null }
}

/**
 * Checks and saves the queue URL (null or blank: no queue), keeping the other settings. A URL whose
 * password is the mask keeps the saved password, so a shown setting can be saved back unchanged.
 * Returns the setting as shown.
 */
export async function saveQueueSetting(file: string, input: QueueSetting): Promise<QueueSetting> {
  const settings = await readSettings(file)
  const typed = input.url?.trim() ?? ''
  const { queue: _, ...rest } = settings
  const next: AppSettings = typed === '' ? rest : { ...rest, queue: { url: withSavedPassword(checkRedisUrl(typed, 'the queue URL'), settings.queue?.url) } }
  try {
    await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`)
    // The URL may hold a password: readable by its owner only (no-op on Windows).
    await chmod(file, 0o600)
  } catch (err) {
    throw writeFailed(file, err)
  }
  return shownQueueSetting(next)
}

function withSavedPassword(url: string, saved: string | undefined): string {
  const parsed = new URL(url)
  const old = saved ? new URL(saved) : undefined
  for (const part of ['username', 'password'] as const) {
    if (parsed[part] !== MASK) continue
    if (!old?.[part]) throw new UserError('usage', `the queue URL has a masked ${part === 'password' ? 'password' : 'user name'} (***) and none is saved: type it`)
    parsed[part] = old[part]
  }
  return parsed.toString().replace(/\/$/, '')
}
