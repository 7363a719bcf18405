import { describe, expect, it } from 'vitest'
import { outsideAsar } from '../../../../../src/main/core/fastKernels/wasmThreads'

describe('outsideAsar', () => {
  it('points paths inside the packaged app.asar at the unpacked copy, on every platform', () => {
    expect(outsideAsar('/opt/Regularization Studio/resources/app.asar/node_modules/@tensorflow/tfjs-backend-wasm/dist')).toBe(
      '/opt/Regularization Studio/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist'
    )
    expect(outsideAsar('C:\\Program Files\\Regularization Studio\\resources\\app.asar\\node_modules\\x.js')).toBe(
      'C:\\Program Files\\Regularization Studio\\resources\\app.asar.unpacked\\node_modules\\x.js'
    )
  })

  it('leaves other paths alone, including already unpacked ones and look-alike names', () => {
    for (const path of ['/work/main/node_modules/x.js', '/r/app.asar.unpacked/node_modules/x.js', '/home/u/app.asarx/y.js', '/home/u/my-app.asar.bak/y']) {
      expect(outsideAsar(path)).toBe(path)
    }
  })
})
