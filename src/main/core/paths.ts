import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** Where converted dataset caches live: $REGSTUDIO_CACHE, else the platform's per-user cache folder. */
export function defaultCacheDir(): string {
  const env = process.env
  if (env.REGSTUDIO_CACHE) return resolve(env.REGSTUDIO_CACHE)
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'regstudio', 'cache')
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'regstudio')
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'regstudio')
}

export const DEFAULT_WORKSPACE = 'regstudio-workspace'
