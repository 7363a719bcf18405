import { describe, expect, it } from 'vitest'
import { chooseBrowser, findChromium } from '../../e2e/support/browser'

describe('the browser for the browser tests', () => {
  it('takes the first candidate that exists', () => {
    expect(chooseBrowser(['/no/such/browser', undefined, process.execPath, '/bin/sh'], false)).toBe(process.execPath)
    expect(findChromium({ REGSTUDIO_BROWSER: process.execPath, PATH: '' })).toBe(process.execPath)
  })

  it('lets the browser tests skip when none is installed, but fails a CI run instead', () => {
    expect(chooseBrowser(['/no/such/browser'], false)).toBeUndefined()
    expect(() => chooseBrowser(['/no/such/browser'], true)).toThrow(/no Chromium, Chrome or Edge found.*CI=true: the browser tests must run/)
  })
})
