/**
 * The files the user chose (open dialog or drop): the only paths Studio may read, so a page that
 * names a path cannot make the app read it.
 */
import { resolve } from 'node:path'

export class PathAllowlist {
  private readonly paths = new Set<string>()

  allow(paths: readonly string[]): void {
    for (const p of paths) this.paths.add(resolve(p))
  }

  has(path: string): boolean {
    return this.paths.has(resolve(path))
  }
}
