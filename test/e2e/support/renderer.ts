/**
 * The built renderer that `regstudio serve` serves. Built here when missing or older than the
 * renderer or shared sources, so a test never drives a stale UI. Test files run in parallel
 * workers: a lock folder lets one build while the others wait, then find the build fresh.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './serveProcess'

export const RENDERER_INDEX = join(REPO_ROOT, 'out/renderer/index.html')
const SOURCES = ['src/renderer', 'src/shared'].map((d) => join(REPO_ROOT, d))
const LOCK = join(REPO_ROOT, 'out/.renderer-build-lock')
const LOCK_STALE_MS = 5 * 60_000

export function ensureRendererBuilt(): void {
  if (isFresh()) return
  mkdirSync(join(REPO_ROOT, 'out'), { recursive: true })
  acquireLock()
  try {
    if (!isFresh()) execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: REPO_ROOT, stdio: 'pipe' })
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

function isFresh(): boolean {
  const built = mtimeOf(RENDERER_INDEX)
  return built !== null && SOURCES.every((dir) => newestIn(dir) <= built)
}

function newestIn(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : (mtimeOf(path) ?? 0))
  }
  return newest
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs
  } catch {
    return null
  }
}

function acquireLock(): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    try {
      mkdirSync(LOCK)
      return
    } catch {
      // Held by another worker; a lock left by a killed run is taken over once stale.
      const since = mtimeOf(LOCK)
      if (since !== null && Date.now() - since > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true })
      else Atomics.wait(sleeper, 0, 0, 200)
    }
  }
}
