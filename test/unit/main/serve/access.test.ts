import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { AccessPolicy, generateToken, TOKEN_PATTERN } from '../../../../src/main/serve/access'

const TOKEN = 'a'.repeat(64)
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage
const url = (query = '') => new URL(`http://x/ws${query}`)

describe('AccessPolicy', () => {
  it('generates 32-byte hex tokens that differ and fit the token pattern', () => {
    const [a, b] = [generateToken(), generateToken()]
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(a).not.toBe(b)
    expect(TOKEN_PATTERN.test(a)).toBe(true)
  })

  it('takes the token from the query, else from this port\'s cookie', () => {
    const policy = new AccessPolicy(TOKEN, '127.0.0.1', 4000)
    expect(policy.hasToken(req({}), url(`?token=${TOKEN}`))).toBe(true)
    expect(policy.hasToken(req({}), url('?token=b'))).toBe(false)
    expect(policy.hasToken(req({}), url())).toBe(false)
    expect(policy.hasToken(req({ cookie: `other=1; regstudio-token-4000=${TOKEN}` }), url())).toBe(true)
    expect(policy.hasToken(req({ cookie: `regstudio-token-4001=${TOKEN}` }), url())).toBe(false)
    expect(policy.hasToken(req({ cookie: `regstudio-token-4000=${TOKEN}` }), url('?token=wrong'))).toBe(false)
  })

  it('on loopback accepts only its own origins and hosts', () => {
    const policy = new AccessPolicy(TOKEN, '127.0.0.1', 4000)
    expect(policy.originAllowed(req({ origin: 'http://127.0.0.1:4000' }))).toBe(true)
    expect(policy.originAllowed(req({ origin: 'http://localhost:4000' }))).toBe(true)
    for (const origin of ['http://127.0.0.1:4001', 'https://127.0.0.1:4000', 'http://evil.example', 'null']) {
      expect(policy.originAllowed(req({ origin })), origin).toBe(false)
    }
    expect(policy.originAllowed(req({}))).toBe(false)
    expect(policy.hostAllowed(req({ host: '127.0.0.1:4000' }))).toBe(true)
    expect(policy.hostAllowed(req({ host: 'rebound.example:4000' }))).toBe(false)
  })

  it('on a named host or IPv6 address accepts that origin', () => {
    expect(new AccessPolicy(TOKEN, 'gpu-box.lan', 80).originAllowed(req({ origin: 'http://gpu-box.lan:80' }))).toBe(true)
    expect(new AccessPolicy(TOKEN, '::1', 81).originAllowed(req({ origin: 'http://[::1]:81' }))).toBe(true)
  })

  it('on every interface requires the Origin to match the Host the browser used', () => {
    const policy = new AccessPolicy(TOKEN, '0.0.0.0', 4000)
    expect(policy.hostAllowed(req({ host: '10.0.0.5:4000' }))).toBe(true)
    expect(policy.originAllowed(req({ host: '10.0.0.5:4000', origin: 'http://10.0.0.5:4000' }))).toBe(true)
    expect(policy.originAllowed(req({ host: '10.0.0.5:4000', origin: 'http://evil.example' }))).toBe(false)
  })

  it('sets an HttpOnly, SameSite=Strict session cookie named for the port', () => {
    expect(new AccessPolicy(TOKEN, '127.0.0.1', 4000).setCookieHeader()).toBe(`regstudio-token-4000=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`)
  })
})
