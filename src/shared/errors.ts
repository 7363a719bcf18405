/** A typed error value that crosses process and transport boundaries intact. */
export interface StudioErrorValue {
  code: string
  message: string
  details?: Record<string, unknown>
}

/** Thrown by core code for problems the user can fix; the CLI prints `message` as one line. */
export class UserError extends Error {
  readonly code: string
  readonly details?: Record<string, unknown>
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'UserError'
    this.code = code
    this.details = details
  }

  toValue(): StudioErrorValue {
    return { code: this.code, message: this.message, details: this.details }
  }
}
