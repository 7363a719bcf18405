/** Crash-safe file replacement: readers see the old file or the new one, never a mix. */
import { randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { UserError } from '../../../shared/errors'

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file with that name is in the way',
  EISDIR: 'a folder with that name is in the way'
}

/** An fs failure in words, e.g. "no space left on the device"; the system's message for rarer codes. */
export function fsFailureReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return (code && REASONS[code]) ?? (err instanceof Error ? err.message : String(err))
}

/** Wraps an fs failure into one line naming the file, e.g. "Cannot write /w/run.json: no space left on the device". */
export function writeFailed(path: string, err: unknown): UserError {
  return new UserError('WRITE_FAILED', `Cannot write ${path}: ${fsFailureReason(err)}`, { path })
}

/** Makes a completed rename durable; some platforms and filesystems cannot fsync a directory, and that is fine. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  let handle: FileHandle | undefined
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // The rename itself already happened; only its durability across power loss is weaker here.
  } finally {
    await handle?.close()
  }
}

/**
 * Writes a temp file next to `path`, fsyncs it, renames it over `path`, then fsyncs the folder.
 * On failure the old file is intact, the temp file is removed, and a UserError names the file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const dir = dirname(path)
  // Hidden (dot) name so listings skip it; random so concurrent writers never share a temp file.
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: FileHandle | undefined
  try {
    handle = await open(temp, 'wx')
    if (Array.isArray(data)) for (const chunk of data) await handle.writeFile(chunk)
    else await handle.writeFile(data as string | Uint8Array)
    await handle.sync()
    await handle.close()
    handle = undefined
    await rename(temp, path)
  } catch (err) {
    await handle?.close().catch(() => undefined)
    await rm(temp, { force: true }).catch(() => undefined)
    throw writeFailed(path, err)
  }
  await syncDir(dir)
}

/** Pretty-printed JSON with a final newline, written atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`)
}
