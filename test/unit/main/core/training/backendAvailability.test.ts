import { describe, expect, it } from 'vitest'
import { assertBackendInstalled, installedNativePackage } from '../../../../../src/main/core/training/backendAvailability'

const only = (installed: string[]) => (id: string) => {
  if (installed.includes(id)) return `/node_modules/${id}/dist/index.js`
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' })
}

describe('backend availability', () => {
  it('names the first native package installed, the GPU one first, or none', () => {
    expect(installedNativePackage(only(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']))).toBe('@tensorflow/tfjs-node-gpu')
    expect(installedNativePackage(only(['@tensorflow/tfjs-node']))).toBe('@tensorflow/tfjs-node')
    expect(installedNativePackage(only([]))).toBeNull()
  })

  it('refuses a forced tensorflow backend that is not installed, and nothing else', () => {
    expect(() => assertBackendInstalled('tensorflow', null)).toThrow(
      'the tensorflow backend is not installed here (@tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node): install one, or use auto, wasm or cpu'
    )
    for (const backend of ['auto', 'wasm', 'cpu'] as const) expect(() => assertBackendInstalled(backend, null)).not.toThrow()
    expect(() => assertBackendInstalled('tensorflow', '@tensorflow/tfjs-node')).not.toThrow()
  })
})

describe('assertBackendInstalled for webgpu', () => {
  it('accepts webgpu only where the host trains in WebGPU windows (the desktop app)', () => {
    expect(() => assertBackendInstalled('webgpu', null, false)).toThrow(/trains only in the desktop app/)
    expect(() => assertBackendInstalled('webgpu', null, true)).not.toThrow()
  })
})
