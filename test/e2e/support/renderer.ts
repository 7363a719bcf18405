/** The built renderer that `regstudio serve` serves; built here when a fresh clone has none yet. */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './serveProcess'

export const RENDERER_INDEX = join(REPO_ROOT, 'out/renderer/index.html')

export function ensureRendererBuilt(): void {
  if (existsSync(RENDERER_INDEX)) return
  execFileSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: REPO_ROOT, stdio: 'pipe' })
}
