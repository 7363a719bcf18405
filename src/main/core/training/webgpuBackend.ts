/**
 * The webgpu rung, in the trainer page: the first adapter Chromium offers, refused when it is a
 * software fallback (SwiftShader is no GPU), then TensorFlow.js's WebGPU backend on it. A refusal
 * is a BACKEND_UNAVAILABLE UserError listing every rung tried, as the process ladder's are.
 */
import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-webgpu'
import { UserError } from '../../../shared/errors'
import type { BackendChoice, GpuAdapter } from '../../../shared/results'
import type { TrainJob } from './protocol'

/** The few WebGPU members used here (typed here, as the page needs only these). */
interface AdapterLike {
  readonly info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean }
  readonly isFallbackAdapter?: boolean
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>
}
/** What the backend exposes once set: its device, whose loss ends the run. */
interface DeviceLike {
  readonly lost: Promise<{ reason?: string; message?: string }>
}

export interface WebgpuSelection {
  tf: typeof tf
  choice: BackendChoice
  /** Settles when the GPU device is lost (driver reset, GPU removed): the run cannot go on. */
  lost: Promise<string>
}

/** "vendor architecture" for the backend line, e.g. "nvidia ampere"; the description when both are blank. */
export function adapterName(adapter: GpuAdapter): string {
  return [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || adapter.description || 'unnamed adapter'
}

export async function selectWebgpu(job: TrainJob, allowFallbackAdapter = false): Promise<WebgpuSelection> {
  const tried = job.backend === 'auto' ? (job.ladder?.tried ?? []) : []
  const label = job.backend === 'auto' ? 'auto' : 'forced'
  const refuse = (why: string): UserError => {
    const reasons = [...tried, `webgpu: ${why}`]
    return new UserError('BACKEND_UNAVAILABLE', `Backend '${job.backend}' is not available here (${reasons.join('; ')}); choose another backend or 'auto'.`, {
      requested: job.backend,
      reasons
    })
  }

  const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu
  if (!gpu) throw refuse('this window has no WebGPU')
  const found = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null)
  if (!found) throw refuse('no WebGPU adapter')
  const adapter: GpuAdapter = {
    vendor: found.info?.vendor ?? '',
    architecture: found.info?.architecture ?? '',
    description: found.info?.description ?? '',
    fallback: found.info?.isFallbackAdapter ?? found.isFallbackAdapter ?? false
  }
  if (adapter.fallback && !allowFallbackAdapter) throw refuse(`the only adapter is a software fallback (${adapterName(adapter)}), not a GPU`)

  // The backend requests its adapter with the same preference, so it trains on the one checked here.
  if (!(await tf.setBackend('webgpu').catch(() => false))) throw refuse(`the WebGPU backend failed to start on ${adapterName(adapter)}`)
  await tf.ready()
  const device = (tf.backend() as unknown as { device: DeviceLike }).device
  const ok = `webgpu: ok (${adapterName(adapter)}${adapter.fallback ? ', software fallback allowed for testing' : ''})`
  return {
    tf,
    choice: { name: 'webgpu', package: '@tensorflow/tfjs-backend-webgpu', reason: `${label}: ${[...tried, ok].join('; ')}`, threads: 1, adapter },
    lost: device.lost.then((info) => [info.reason, info.message].filter(Boolean).join(': ') || 'no reason given')
  }
}
