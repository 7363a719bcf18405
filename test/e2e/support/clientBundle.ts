/**
 * The renderer's WebSocket client (src/renderer/src/api/wsClient.ts) bundled for page.evaluate, so
 * a test drives the browser-mode API through the same code the app uses. page.evaluate runs outside
 * the page's CSP, which forbids inline scripts.
 */
import { buildSync } from 'esbuild'
import { join } from 'node:path'
import { REPO_ROOT } from './serveProcess'

export const CLIENT_GLOBAL = '__regstudioWsClient'

export function wsClientBundle(): string {
  const result = buildSync({
    entryPoints: [join(REPO_ROOT, 'src/renderer/src/api/wsClient.ts')],
    bundle: true,
    format: 'iife',
    globalName: CLIENT_GLOBAL,
    platform: 'browser',
    target: 'es2022',
    write: false
  })
  return `${result.outputFiles[0].text}\nglobalThis.${CLIENT_GLOBAL} = ${CLIENT_GLOBAL};`
}
