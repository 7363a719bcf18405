/**
 * Every error code a host, the CLI or a client gives, so a code cannot be misspelt or invented in
 * passing. Codes are lower_snake; the upper-case ones are older codes that tests and scripts match,
 * kept as they are.
 */
export type ErrorCode =
  // Requests: a UI may branch on these (ERROR_CODES).
  | 'invalid_request'
  | 'unknown_request'
  | 'not_found'
  | 'forbidden'
  | 'cancelled'
  | 'internal'
  | 'busy'
  | 'disconnected'
  | 'upload_failed'
  // Command line and browser mode.
  | 'usage'
  | 'bad_host'
  | 'port_denied'
  | 'port_in_use'
  | 'not_built'
  | 'invalid_upload'
  | 'too_large'
  // Specs, studies and training.
  | 'invalid_spec'
  | 'unknown_preset'
  | 'unknown_variant'
  | 'unknown_backend'
  | 'backend_unavailable'
  | 'BACKEND_UNAVAILABLE'
  | 'invalid_limit'
  | 'invalid_holdout'
  | 'probe_failed'
  | 'wrong_dataset'
  // Datasets.
  | 'dataset_invalid'
  | 'dataset_file_missing'
  | 'dataset_file_unreadable'
  | 'dataset_file_corrupt'
  | 'dataset_file_unwritable'
  | 'bundled_dataset_invalid'
  | 'bundled_dataset_missing'
  // The Redis queue (--queue): its server does not answer.
  | 'redis_unreachable'
  // The desktop app's settings file.
  | 'settings_unreadable'
  // The workspace and its runs.
  | 'workspace_locked'
  | 'WORKSPACE_UNUSABLE'
  | 'WRITE_FAILED'
  | 'BAD_RUN_ID'
  | 'RUN_NOT_FOUND'
  | 'RUN_DAMAGED'
  | 'MODEL_UNREADABLE'
  // Reports.
  | 'no_runs'
  | 'not_exportable'
  | 'chartjs_missing'
  | 'invalid_sample_pixels'

/** Error codes a UI may branch on. */
export const ERROR_CODES = {
  invalidRequest: 'invalid_request',
  unknownRequest: 'unknown_request',
  notFound: 'not_found',
  forbidden: 'forbidden',
  /** The work was stopped on request (an import's cancel). */
  cancelled: 'cancelled',
  internal: 'internal'
} as const satisfies Record<string, ErrorCode>

/** A typed error value that crosses process and transport boundaries intact. */
export interface StudioErrorValue {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

/** Thrown by core code for problems the user can fix; the CLI prints `message` as one line. */
export class UserError extends Error {
  readonly code: ErrorCode
  readonly details?: Record<string, unknown>
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'UserError'
    this.code = code
    this.details = details
  }

  toValue(): StudioErrorValue {
    return { code: this.code, message: this.message, details: this.details }
  }
}
