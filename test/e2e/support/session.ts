/**
 * The usual set-up of a browser test file: `regstudio serve` on a fresh temporary workspace and
 * cache, and Debian's Chromium when installed; both stopped, and the folder removed, after the file.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { findChromium, launchChromium } from './browser'
import { ensureRendererBuilt } from './renderer'
import { startServeProcess, type ServeProcess } from './serveProcess'

export interface BrowserSession {
  /** The temporary folder holding `ws/` (the workspace) and `cache/`. */
  readonly dir: string
  readonly serve: ServeProcess
  /** Undefined when Chromium is not installed: such tests skip with CHROMIUM_MISSING. */
  readonly browser: Browser | undefined
}

/** `prepare` runs on the session folder before serve starts, e.g. to store runs in `ws/`. */
export function serveWithBrowser(name: string, serveArgs: string[] = [], prepare?: (dir: string) => Promise<void>): BrowserSession {
  let dir: string | undefined
  let serve: ServeProcess | undefined
  let browser: Browser | undefined
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use the session inside a test`)
    return value
  }

  beforeAll(async () => {
    ensureRendererBuilt()
    dir = await mkdtemp(join(tmpdir(), `regstudio-e2e-${name}-`))
    await prepare?.(dir)
    serve = await startServeProcess(['--port', '0', '--workspace', join(dir, 'ws'), '--cache', join(dir, 'cache'), ...serveArgs])
    const executablePath = findChromium()
    if (executablePath) browser = await launchChromium(executablePath)
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await serve?.stop('SIGKILL')
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  return {
    get dir() {
      return started(dir, 'the session folder')
    },
    get serve() {
      return started(serve, 'regstudio serve')
    },
    get browser() {
      return browser
    }
  }
}
