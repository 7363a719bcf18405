/** The renderer's Content-Security-Policy, sent as a header too so it holds even where the meta tag does not. */
import type { Session } from 'electron'

/** Must equal the meta tag in src/renderer/index.html (a test compares them). */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'"

/** The WebGPU trainer page's: its bundled script, nothing else. Must equal the meta tag of src/renderer/trainer.html. */
export const TRAINER_CSP = "default-src 'none'; script-src 'self'"

export function installContentSecurityPolicy(session: Session, csp = RENDERER_CSP): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
  // The studio needs no camera, notifications or other permissions: refuse every request.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
}
