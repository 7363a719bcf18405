import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { session } from './electronMock'
import { installContentSecurityPolicy, RENDERER_CSP } from '../../../../src/main/electron/contentSecurity'

vi.mock('electron', () => import('./electronMock'))

const ROOT = join(__dirname, '../../../..')

describe('renderer Content-Security-Policy', () => {
  beforeAll(() => installContentSecurityPolicy(session.defaultSession as never))

  it('is the same policy as the meta tag of the renderer page', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(RENDERER_CSP)
  })

  it('allows no eval, no inline script and no remote script', () => {
    const scriptSrc = RENDERER_CSP.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))
    expect(scriptSrc).toBe("script-src 'self'")
    expect(RENDERER_CSP).not.toContain('unsafe-eval')
  })

  it('adds the policy header to every response, keeping the other headers', () => {
    const listener = session.defaultSession.webRequest.onHeadersReceived.mock.calls[0][0] as (
      details: { responseHeaders: Record<string, string[]> },
      callback: (r: { responseHeaders: Record<string, string[]> }) => void
    ) => void
    const callback = vi.fn()
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback)
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [RENDERER_CSP] } })
  })

  it('refuses every permission request', () => {
    const handler = session.defaultSession.setPermissionRequestHandler.mock.calls[0][0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void
    const answer = vi.fn()
    handler({}, 'media', answer)
    expect(answer).toHaveBeenCalledWith(false)
  })
})
