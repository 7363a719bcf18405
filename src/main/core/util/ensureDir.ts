/** Creating a folder and its missing parents. */
import { mkdir, stat } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Like `mkdir(path, { recursive: true })`, which in Node 20 loops forever where a folder exists but
 * refuses children with ENOENT (/proc), and reports ENOENT for a read-only disk. Here each missing
 * parent is made once, and the error is that of the folder that could not be made.
 */
export async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path)
  } catch (err) {
    // Whatever the code: an existing folder may answer EEXIST, EISDIR (macOS /) or EPERM (a Windows drive root).
    if (await isDir(path)) return
    const parent = dirname(path)
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw err
    await ensureDir(parent)
    try {
      await mkdir(path)
    } catch (again) {
      // Another process may have made it meanwhile.
      if (await isDir(path)) return
      throw again
    }
  }
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false
}
