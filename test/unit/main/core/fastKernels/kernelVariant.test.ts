import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { chooseKernelVariant, kernelProcessFlags, RELAXED_SIMD_FLAG, relaxedSimdSupported } from '../../../../../src/main/core/fastKernels/kernelVariant'

// A one-instruction module using f32x4.relaxed_madd, as kernelVariant.ts probes it.
const PROBE = `
const zero = [0xfd, 0x0c, ...new Array(16).fill(0)]
const body = [0, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x1a, 0x0b]
const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body])
process.stdout.write(String(WebAssembly.validate(bytes)))
`

describe('kernel variant', () => {
  it('starts processes that run the kernels with relaxed SIMD on', () => {
    expect(execFileSync(process.execPath, [...kernelProcessFlags(), '-e', PROBE]).toString()).toBe('true')
  })

  it('chooses FMA only where the runtime has it, and refuses a forced FMA elsewhere', () => {
    expect(chooseKernelVariant('simd')).toBe('simd')
    if (relaxedSimdSupported()) {
      expect(chooseKernelVariant()).toBe('relaxed-simd-fma')
      expect(kernelProcessFlags()).not.toContain(RELAXED_SIMD_FLAG)
    } else {
      // Node 20 without the flag, as this test process is started.
      expect(chooseKernelVariant()).toBe('simd')
      expect(() => chooseKernelVariant('relaxed-simd-fma')).toThrow(`Node needs ${RELAXED_SIMD_FLAG}`)
      expect(kernelProcessFlags()).toEqual([RELAXED_SIMD_FLAG])
    }
  })
})
