/**
 * Serves the built renderer (out/renderer) read-only: files under that folder only, with their
 * content types and the renderer's own Content-Security-Policy as a header.
 */
import { createReadStream } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { UserError } from '../../shared/errors'
import { plain } from './reply'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

const CSP_META = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]+)"/i

export interface StaticSite {
  root: string
  /** The policy of index.html's meta tag, sent as a header on every response. */
  csp: string
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>
}

/** Opens the built renderer; a missing build or a page without its CSP is a user error. */
export async function openStaticSite(rendererDir: string): Promise<StaticSite> {
  const index = join(rendererDir, 'index.html')
  const html = await readFile(index, 'utf8').catch(() => {
    throw new UserError('not_built', `${index} is missing: build the renderer first with \`npm run build\``)
  })
  const csp = CSP_META.exec(html)?.[1]
  if (!csp) throw new UserError('not_built', `${index} has no Content-Security-Policy meta tag: rebuild it with \`npm run build\``)
  const root = await realpath(rendererDir)
  return {
    root,
    csp,
    serve: (req, res, pathname) => serveFile(root, req, res, pathname)
  }
}

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return plain(res, 400, 'Bad request: malformed path')
  }
  if (decoded.includes('\0')) return plain(res, 400, 'Bad request: malformed path')
  const wanted = resolve(root, '.' + (decoded === '/' ? '/index.html' : decoded))
  if (!isInside(root, wanted)) return plain(res, 403, 'Forbidden: outside the application folder')
  // A symbolic link could still point out of the folder: compare the real path too.
  const real = await realpath(wanted).catch(() => null)
  const info = real && isInside(root, real) ? await stat(real).catch(() => null) : null
  if (!real || !info?.isFile()) return plain(res, 404, 'Not found')
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // index.html names hashed assets, so it must be re-read after a rebuild; the assets may be cached.
    'Cache-Control': real.endsWith('.html') ? 'no-store' : 'private, max-age=3600'
  })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(real)
    .on('error', () => res.destroy())
    .pipe(res)
}

function isInside(root: string, path: string): boolean {
  return path.startsWith(root + sep)
}
