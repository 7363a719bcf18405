import { describe, expect, it } from 'vitest'
import { createSenderGuard, isRendererUrl } from '../../../../src/main/ipc/senderGuard'

describe('isRendererUrl', () => {
  const file = 'file:///opt/Regularization%20Studio/resources/app.asar/out/renderer/index.html'

  it('accepts the built renderer document, with any hash or query', () => {
    expect(isRendererUrl(file, file)).toBe(true)
    expect(isRendererUrl(file, `${file}#/compare`)).toBe(true)
    expect(isRendererUrl(file, `${file}?view=data`)).toBe(true)
  })

  it('refuses any other document, scheme or host', () => {
    expect(isRendererUrl(file, 'file:///opt/Regularization%20Studio/resources/app.asar/out/renderer/other.html')).toBe(false)
    expect(isRendererUrl(file, 'file:///tmp/index.html')).toBe(false)
    expect(isRendererUrl(file, 'file://evil-host/opt/Regularization%20Studio/resources/app.asar/out/renderer/index.html')).toBe(false)
    expect(isRendererUrl(file, 'https://example.com/opt/Regularization%20Studio/resources/app.asar/out/renderer/index.html')).toBe(false)
    expect(isRendererUrl(file, 'about:blank')).toBe(false)
    expect(isRendererUrl(file, 'not a url')).toBe(false)
  })

  it('accepts the dev server by origin only', () => {
    const dev = 'http://localhost:5173'
    expect(isRendererUrl(dev, 'http://localhost:5173/')).toBe(true)
    expect(isRendererUrl(dev, 'http://localhost:5173/src/index.html#x')).toBe(true)
    expect(isRendererUrl(dev, 'http://localhost:5174/')).toBe(false)
    expect(isRendererUrl(dev, 'https://localhost:5173/')).toBe(false)
    expect(isRendererUrl(dev, 'http://localhost.evil.example:5173/')).toBe(false)
  })
})

describe('createSenderGuard', () => {
  const url = 'file:///app/out/renderer/index.html'
  const ours = { id: 1 }

  it('trusts only our current webContents showing our renderer', () => {
    let current: object | undefined = ours
    const guard = createSenderGuard(() => current, url)
    expect(guard({ sender: ours, senderFrame: { url } })).toBe(true)
    expect(guard({ sender: { id: 1 }, senderFrame: { url } })).toBe(false)
    expect(guard({ sender: ours, senderFrame: null })).toBe(false)
    current = undefined
    expect(guard({ sender: ours, senderFrame: { url } })).toBe(false)
    expect(guard({ sender: undefined, senderFrame: { url } })).toBe(false)
  })
})
