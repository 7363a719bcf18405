/**
 * Which backends a host can offer, checked without loading TensorFlow.js (only the trainer
 * process loads it): the native packages are optional dependencies that are often absent.
 */
import { UserError } from '../../../shared/errors'
import type { BackendRequest } from '../../../shared/results'

/** Tried in this order by the backend ladder (backend.ts). */
export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const

/**
 * The first native package installed, or null. Installed is not proof that it loads (its
 * libtensorflow may be missing); the trainer's ladder reports that case with its reason.
 */
export function installedNativePackage(resolve: (id: string) => string = require.resolve): string | null {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      resolve(pkg)
      return pkg
    } catch {
      // Not installed: try the next one.
    }
  }
  return null
}

/**
 * Refuses a forced backend that is not installed, before any data is loaded or a run is queued.
 * `webgpu`: whether the host trains WebGPU jobs (only the desktop app has a window to run them in).
 */
export function assertBackendInstalled(requested: BackendRequest, nativePackage = installedNativePackage(), webgpu = false): void {
  if (requested === 'tensorflow' && nativePackage === null) {
    throw new UserError(
      'backend_unavailable',
      `the tensorflow backend is not installed here (${NATIVE_PACKAGES.join(' or ')}): install one, or use auto, wasm or cpu`
    )
  }
  if (requested === 'webgpu' && !webgpu) {
    throw new UserError('backend_unavailable', 'the webgpu backend trains only in the desktop app (a hidden window with WebGPU): use auto, wasm or cpu here')
  }
}
