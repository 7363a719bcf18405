/**
 * The built WebGPU trainer page in a plain Chromium driven by playwright-core, for the bench and
 * the tests (the Electron binary cannot start on the development machines). A small stand-in for
 * Electron gives the built trainer preload its `require('electron')`; the page's MessagePort
 * crosses to Node through a binding, binary data as base64. Chromium runs with WebGPU on, which on
 * a machine without a GPU offers SwiftShader, a software adapter.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { TRAINER_PORT_CHANNEL } from '../../../shared/trainerWindow'
import type { PagePort, TrainerPage } from '../training/pageTrainer'

export const WEBGPU_CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  // Electron lets its file:// pages load their own module scripts; plain Chromium needs this flag.
  '--allow-file-access-from-files'
]

/** The built trainer page and preload under `outDir` (electron-vite's out/), or a sentence saying what is missing. */
export function trainerBuild(outDir: string): { page: string; preload: string } | string {
  const page = join(outDir, 'renderer/trainer.html')
  const preload = join(outDir, 'preload/trainer.js')
  return existsSync(page) && existsSync(preload) ? { page, preload } : `the trainer page is not built (${page}): run npm run build first`
}

/** Binary values as tagged base64, both ways; PAGE_CODING is the page's copy (a string: test transforms would rename a function's helpers). */
function encodeBinary(value: unknown, toBase64: (bytes: Uint8Array) => string): unknown {
  if (value instanceof ArrayBuffer) return { __buffer: toBase64(new Uint8Array(value)) }
  if (value instanceof Uint8Array) return { __bytes: toBase64(value) }
  if (Array.isArray(value)) return value.map((v) => encodeBinary(v, toBase64))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBinary(v, toBase64)]))
  return value
}

function decodeBinary(value: unknown, fromBase64: (text: string) => Uint8Array): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeBinary(v, fromBase64))
  if (value && typeof value === 'object') {
    const tagged = value as { __buffer?: string; __bytes?: string }
    if (typeof tagged.__buffer === 'string') return fromBase64(tagged.__buffer).slice().buffer
    if (typeof tagged.__bytes === 'string') return fromBase64(tagged.__bytes)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeBinary(v, fromBase64)]))
  }
  return value
}

const nodeBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
const nodeFromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'))

const PAGE_CODING = `
  const encodeBinary = (value, toBase64) => {
    if (value instanceof ArrayBuffer) return { __buffer: toBase64(new Uint8Array(value)) }
    if (value instanceof Uint8Array) return { __bytes: toBase64(value) }
    if (Array.isArray(value)) return value.map((v) => encodeBinary(v, toBase64))
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBinary(v, toBase64)]))
    return value
  }
  const decodeBinary = (value, fromBase64) => {
    if (Array.isArray(value)) return value.map((v) => decodeBinary(v, fromBase64))
    if (value && typeof value === 'object') {
      if (typeof value.__buffer === 'string') return fromBase64(value.__buffer).buffer
      if (typeof value.__bytes === 'string') return fromBase64(value.__bytes)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeBinary(v, fromBase64)]))
    }
    return value
  }`

/** What Electron gives the sandboxed preload, and the host's end of the port, evaluated before the page's scripts. */
function electronStandIn(preloadSource: string): string {
  return `(() => {
${PAGE_CODING}
  const toBase64 = (bytes) => { let s = ''; for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000)); return btoa(s) }
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
  const listeners = []
  const channel = new MessageChannel()
  channel.port1.onmessage = (event) => window.__trainerToHost(encodeBinary(event.data, toBase64))
  window.__hostToTrainer = (message) => channel.port1.postMessage(decodeBinary(message, fromBase64))
  // As main does after did-finish-load: the port goes to the preload's listener.
  window.__connectTrainer = () => { for (const l of listeners) l({ ports: [channel.port2] }) }
  const electron = { ipcRenderer: { on: (name, listener) => { if (name === ${JSON.stringify(TRAINER_PORT_CHANNEL)}) listeners.push(listener) } } }
  const sandboxedRequire = (name) => {
    if (name === 'electron') return electron
    throw new Error('a sandboxed preload cannot require ' + name)
  }
  const module = { exports: {} }
  ;(function (require, module, exports) {
${preloadSource}
  })(sandboxedRequire, module, module.exports)
})()`
}

export interface ChromiumTrainerPage extends TrainerPage {
  /** The tab, once the page has loaded. */
  page: Promise<Page>
  /** Uncaught errors and console errors of the page, for tests to check. */
  errors: string[]
}

export interface ChromiumTrainerPageOptions {
  /** Runs on the new tab before the page loads (tests: scripts that watch the page). */
  beforeLoad?: (page: Page) => Promise<void>
}

/**
 * Opens the built trainer page in a new tab of `browser` and connects its port, as the Electron
 * window does after loading; returned at once (a SpawnTrainer is synchronous), the port when ready.
 */
export function chromiumTrainerPage(browser: Browser, outDir: string, options: ChromiumTrainerPageOptions = {}): ChromiumTrainerPage {
  const errors: string[] = []
  const listeners: ((value: unknown) => void)[] = []
  const goneListeners: ((detail: string) => void)[] = []
  let closed = false
  const gone = (detail: string): void => goneListeners.forEach((l) => l(detail))

  const opening = (async (): Promise<Page> => {
    const build = trainerBuild(outDir)
    if (typeof build === 'string') throw new Error(build)
    const page = await browser.newPage()
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`))
    page.on('crash', () => gone('the trainer page crashed'))
    page.on('close', () => gone('the trainer page was closed'))
    await page.exposeBinding('__trainerToHost', (_source, value: unknown) => {
      const message = decodeBinary(value, nodeFromBase64)
      for (const listener of listeners) listener(message)
    })
    await page.addInitScript({ content: electronStandIn(readFileSync(build.preload, 'utf8')) })
    await options.beforeLoad?.(page)
    await page.goto(pathToFileURL(build.page).href)
    await page.evaluate(() => (window as unknown as { __connectTrainer(): void }).__connectTrainer())
    if (closed) await page.close()
    return page
  })()
  opening.catch((err: unknown) => gone(`the trainer page did not open: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`))

  const port: Promise<PagePort> = opening.then((page) => ({
    post: (message) =>
      void page.evaluate((m) => (window as unknown as { __hostToTrainer(m: unknown): void }).__hostToTrainer(m), encodeBinary(message, nodeBase64)).catch(() => undefined),
    onMessage: (listener) => void listeners.push(listener)
  }))
  port.catch(() => undefined)
  return {
    page: opening,
    errors,
    port,
    onGone: (listener) => void goneListeners.push(listener),
    close: () => {
      closed = true
      void opening.then((page) => page.close()).catch(() => undefined)
    }
  }
}
